// Static check of the Electron configuration with @doyensec/electronegativity (issue #7).
//   node scripts/electronegativity.mjs [--root DIR] [--justified FILE]
//
// Scanned: package.json, the Electron sources (electron/**/*.ts: main, preload, shell, services — the tool
// parses TypeScript itself), the renderer sources, shared/*.ts, and the built dist/renderer/index.html, the
// page that ships with the CSP that vite injects (so `npm run build:renderer` must run first; pretest does).
// Tests are left out. The files are copied to a temporary folder so the tool sees nothing else.
//
// Every finding must be listed in electronegativity-justified.json ({ check, file, match?, reason }; `match`
// is a piece of the flagged source, so the entry covers that one construct and not the whole file), otherwise
// the script exits 1. So does a file the tool cannot parse: an unparsed file is an unchecked one.
//
// Offline and quick: the tool's two network calls (translations, Electron's release list) are cut off — the
// translations fall back to the bundled English and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK is not run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : fallback;
};
const root = option('--root', path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
const justifiedFile = option('--justified', path.join(root, 'electronegativity-justified.json'));

const say = (msg) => process.stderr.write(`${msg}\n`);
const fail = (msg) => {
  say(msg);
  process.exit(1);
};

// --- what to scan -------------------------------------------------------------------------------------
const SOURCE = /\.(ts|tsx|js|mjs|cjs|html)$/;
const TEST = /\.(test|spec)\.[a-z]+$|\.property\.test\.[a-z]+$/;

function walk(rel, out = []) {
  if (!fs.existsSync(path.join(root, rel))) return out;
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') walk(r, out);
    } else if (SOURCE.test(entry.name) && !TEST.test(entry.name)) out.push(r);
  }
  return out;
}

const builtPage = 'dist/renderer/index.html';
if (!fs.existsSync(path.join(root, builtPage))) {
  fail(`${builtPage} がありません。先に npm run build:renderer を実行してください (the CSP is injected at build time).`);
}
const files = [
  'package.json',
  ...walk('electron'),
  ...walk('renderer').filter((f) => f !== 'renderer/index.html'), // the built page replaces it
  ...(fs.existsSync(path.join(root, 'shared'))
    ? fs.readdirSync(path.join(root, 'shared')).filter((f) => /\.ts$/.test(f) && !TEST.test(f)).map((f) => `shared/${f}`)
    : []),
  builtPage,
].filter((f) => fs.existsSync(path.join(root, f)));

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-eng-'));
for (const f of files) {
  fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
  fs.copyFileSync(path.join(root, f), path.join(stage, f));
}

// --- run the tool, offline ----------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const toolDir = path.dirname(require.resolve('@doyensec/electronegativity'));
const gotPath = require.resolve('got', { paths: [toolDir] });
const offline = () => Promise.reject(new Error('offline'));
offline.head = offline;
offline.get = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
const quietLog = console.log; // the tool prints "Could not retrieve updated translations…"
console.log = () => {};
let result;
try {
  const run = require('@doyensec/electronegativity');
  result = await run({
    input: stage,
    isRelative: true,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
} finally {
  console.log = quietLog;
  fs.rmSync(stage, { recursive: true, force: true });
}

// --- compare with the justifications ------------------------------------------------------------------
let justified = [];
if (fs.existsSync(justifiedFile)) {
  justified = JSON.parse(fs.readFileSync(justifiedFile, 'utf8'));
  if (!Array.isArray(justified)) fail(`${justifiedFile}: an array of { check, file, match?, reason } is expected`);
  for (const j of justified) {
    if (!j.check || !j.file || !j.reason) fail(`${justifiedFile}: every entry needs check, file and reason: ${JSON.stringify(j)}`);
  }
}

const findings = result.issues.map((i) => ({
  check: i.id,
  file: String(i.file).split(path.sep).join('/'),
  line: i.location?.line ?? 0,
  column: i.location?.column ?? 0,
  severity: i.severity?.name ?? '?',
  confidence: i.confidence?.name ?? '?',
  sample: typeof i.sample === 'string' ? i.sample : '',
  description: i.description ?? '',
}));
const covers = (j, f) => j.check === f.check && j.file === f.file && (!j.match || f.sample.includes(j.match));
const open = findings.filter((f) => !justified.some((j) => covers(j, f)));
const unused = justified.filter((j) => !findings.some((f) => covers(j, f)));
const parseErrors = result.errors.filter((e) => !e.tolerable);

const where = (f) => `${f.file}:${f.line}:${f.column}`;
say(`electronegativity: ${files.length} files, ${result.atomicChecks} atomic + ${result.globalChecks} global checks, ` +
  `${findings.length} findings (${findings.length - open.length} justified)`);
for (const j of unused) say(`  note: justification no longer needed: ${j.check} ${j.file}${j.match ? ` (${j.match})` : ''}`);
for (const e of parseErrors) say(`  PARSE ERROR ${path.relative(stage, e.file)}: ${e.message}`);
for (const f of open) {
  say(`  ${f.check} [${f.severity}/${f.confidence}] ${where(f)}`);
  if (f.sample) say(`      ${f.sample.split('\n')[0].slice(0, 160)}`);
  if (f.description) say(`      ${f.description}`);
}
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ findings, open, parseErrors }, null, 2)}\n`);
if (open.length > 0 || parseErrors.length > 0) {
  fail(`electronegativity: ${open.length} unjustified finding(s), ${parseErrors.length} parse error(s). ` +
    `Fix them, or add a justification to ${path.relative(root, justifiedFile)}.`);
}
