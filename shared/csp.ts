/**
 * Content-Security-Policy of the renderer: only the app's own files, no remote content, no eval, no inline
 * script. Injected into index.html at build time and sent as a header by the app:// protocol handler.
 *
 * The camera mode needs three narrow additions, all for the app's own files (electronegativity-justified.json):
 * 'wasm-unsafe-eval' lets Tesseract's bundled WebAssembly compile (it allows no eval of JS); worker-src 'self'
 * runs the frame reader and Tesseract's worker from the app's own scripts; connect-src 'self' lets that worker
 * read the bundled English model (assets/ocr/eng.traineddata.gz). No remote origin is allowed anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "manifest-src 'none'",
].join('; ');
