/** Placeholder replaced when the report export is wired. */
export function ReportExport() {
  return null;
}
