// Which Node runs the project's scripts. npm puts node_modules/.bin first on every script's PATH, and the
// `node` devDependency places a pinned Node 24 there, so `npm test`, `npm run cli` and `npm run bench` run
// on it even where the machine's own Node is older (better-sqlite3 13 needs Node 22 or newer and crashes
// on 20). This check turns a wrong PATH into a clear message instead of a segmentation fault.
import { spawnSync } from 'node:child_process';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `Node ${process.versions.node} が使われています。Kubaru のスクリプトは Node 22 以上（devDependency の node）で動きます。\n` +
      `Scripts run on Node ${process.versions.node}; run them through npm (npm test, npm run cli …) so that the pinned Node in node_modules/.bin is used.\n`,
  );
  process.exit(1);
}
// Load the SQLite binding in a child, so a broken binary is reported rather than crashing this script.
const probe = "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()";
const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
if (r.status !== 0) {
  process.stderr.write(`better-sqlite3 does not load under Node ${process.versions.node}:\n${r.stderr}\n`);
  process.exit(1);
}
