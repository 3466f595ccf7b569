// better-sqlite3 is a native module built for one ABI at a time: Node's (tests, CLI, bench) or Electron's
// (the app). This checks that it loads where it is about to be used and rebuilds it if not.
//   node scripts/native.mjs node [--quiet]      before tests / CLI / bench
//   node scripts/native.mjs electron            before `npm start`
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const target = process.argv[2];
const quiet = process.argv.includes('--quiet');
const require = createRequire(import.meta.url);
const probe = "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()";
// Everything goes to stderr: the CLI's stdout must hold nothing but its JSON.
const say = (msg) => quiet || process.stderr.write(`${msg}\n`);
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, shell: process.platform === 'win32' });

function loads() {
  if (target === 'node') return run(process.execPath, ['-e', probe]).status === 0;
  const electron = electronBinary();
  return run(electron, ['-e', probe], { ELECTRON_RUN_AS_NODE: '1' }).status === 0;
}

function electronBinary() {
  try {
    return require('electron'); // the package's main export is the binary's path
  } catch {
    process.stderr.write(
      'Electronの実行ファイルがありません。`npm install` を（ELECTRON_SKIP_BINARY_DOWNLOAD なしで）実行してください。\n' +
        'The Electron binary is missing: run `npm install` without ELECTRON_SKIP_BINARY_DOWNLOAD.\n',
    );
    process.exit(1);
  }
}

// For Electron, node-gyp is pointed at Electron's headers through npm's config variables, as Electron's
// guide to native modules describes; no extra rebuild tool is needed.
function electronEnv() {
  const version = require('electron/package.json').version;
  return {
    npm_config_runtime: 'electron',
    npm_config_target: version,
    npm_config_disturl: 'https://electronjs.org/headers',
    npm_config_build_from_source: 'true',
  };
}

function rebuild() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  say(`better-sqlite3 を ${target} 向けにビルドしています…`);
  const r = run(npm, ['rebuild', 'better-sqlite3'], target === 'electron' ? electronEnv() : {});
  if (r.status !== 0) {
    process.stderr.write(r.stdout?.toString() ?? '');
    process.stderr.write(r.stderr?.toString() ?? '');
    process.stderr.write(`better-sqlite3 could not be rebuilt for ${target}.\n`);
    process.exit(1);
  }
}

if (target !== 'node' && target !== 'electron') {
  process.stderr.write('usage: node scripts/native.mjs node|electron [--quiet]\n');
  process.exit(2);
}
if (!loads()) {
  rebuild();
  if (!loads()) {
    process.stderr.write(`better-sqlite3 still does not load under ${target}.\n`);
    process.exit(1);
  }
}
