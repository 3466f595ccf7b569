// Bundles the Electron main process and the preload with esbuild. The preload must be one self-contained
// script because a sandboxed preload may require nothing but 'electron' (no relative modules, no exports).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js', format: 'cjs', packages: 'external' }),
  // The job worker (electron/services/jobs/runner.ts looks for it next to main.js).
  build({ ...common, entryPoints: ['electron/services/jobs/worker.ts'], outfile: 'dist/electron/jobWorker.js', format: 'cjs', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.js', format: 'iife', external: ['electron'] }),
]);
