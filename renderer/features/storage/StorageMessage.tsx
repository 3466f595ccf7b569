import { useStorageStore, type MessageArea } from './store';

/** The outcome of the last data action, shown beside the buttons that caused it (or everywhere with no area). */
export function StorageMessage({ area }: { area?: MessageArea }) {
  const message = useStorageStore((s) => s.message);
  if (!message || (area && message.area !== area)) return null;
  return (
    <p className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </p>
  );
}
