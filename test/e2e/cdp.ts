/**
 * A DevTools (CDP) connection of the harness's own to one page, beside Playwright's.
 *
 * Why not Playwright's CDPSession: each of its messages goes through Playwright's client and server
 * layers and records a stack trace, about 1.5 ms and several kB of garbage a message in this Node process.
 * The window's IPC (every answer) and the UI bench's scanner (two messages a key) are hot paths; through
 * Playwright they were most of what the UI bench measured, and their garbage was collected in pauses of
 * 5–15 ms in the middle of scans. Electron's ipcRenderer.invoke costs a fraction of a millisecond.
 *
 * The browser listens on 127.0.0.1 only (Chromium's default for --remote-debugging-port).
 */
import net from 'node:net';

type Listener = (params: Record<string, unknown>) => void;

/** A free port on 127.0.0.1 for the browser's DevTools endpoint. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class PageCdp {
  private lastId = 0;
  private readonly waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Listener[]>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (m) => {
      const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> };
      if (msg.id !== undefined) {
        const w = this.waiting.get(msg.id);
        this.waiting.delete(msg.id);
        if (msg.error) w?.reject(new Error(msg.error.message));
        else w?.resolve(msg.result);
      } else if (msg.method) {
        for (const l of this.listeners.get(msg.method) ?? []) l(msg.params ?? {});
      }
    });
    socket.addEventListener('close', () => {
      for (const w of this.waiting.values()) w.reject(new Error('DevTools connection closed'));
      this.waiting.clear();
    });
  }

  /** Connects to the page target `targetId` of the browser listening on `port`. */
  static async connect(port: number, targetId: string): Promise<PageCdp> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/devtools/page/${targetId}`);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`no DevTools endpoint on 127.0.0.1:${port}`)), { once: true });
    });
    return new PageCdp(socket);
  }

  /** Sends a command; resolves with its result, as the caller types it (`T`), or rejects with CDP's error. */
  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = ++this.lastId;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  close(): void {
    this.socket.close();
  }
}
