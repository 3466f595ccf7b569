import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './shared/csp';

/** One CSP for the built page and the app:// header, from shared/csp.ts. */
const csp = (): Plugin => ({
  name: 'kubaru-csp',
  transformIndexHtml: (html) =>
    html.replace('<!-- CSP -->', `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
});

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), csp()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // Electron loads local files only: one chunk keeps start-up simple, and size is not a download cost here.
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    // Inlined assets would be data: URLs, which the CSP refuses for fonts.
    assetsInlineLimit: 0,
  },
});
