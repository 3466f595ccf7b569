import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Maps an app:// URL to a file inside the renderer folder, or null for anything that would escape it.
 * A custom scheme instead of file:// keeps the page's origin narrow (Electron security checklist).
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(rendererDir, relative);
  const root = path.resolve(rendererDir) + path.sep;
  return file.startsWith(root) ? file : null;
}

export function responseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
}
