/**
 * The desk goes first (issue #13). SQLite has one writer: while the job worker copies a list in slices,
 * a scan that arrives mid-slice waits for that slice only, and between two slices the worker lets every
 * call the desk is answering finish before it takes the lock again. Without this, SQLite's busy handler
 * (which sleeps 1, 2, 5, 10 … ms between tries) could lose the race to the next slice over and over.
 *
 * One Int32 in shared memory counts the desk's calls in progress: the main thread raises it around the
 * synchronous part of every call it answers (handlers.ts), the worker waits on it between slices.
 */
const desk = new Int32Array(new SharedArrayBuffer(4));

/** The shared counter, handed to the worker when it starts. */
export function deskCounter(): SharedArrayBuffer {
  return desk.buffer as SharedArrayBuffer;
}

/**
 * Runs the synchronous part of a desk call with the worker held back. Only the synchronous part: a call
 * that waits for the worker itself (an import) must not hold the worker back while it waits.
 */
export function asDesk<T>(fn: () => T): T {
  Atomics.add(desk, 0, 1);
  try {
    return fn();
  } finally {
    if (Atomics.sub(desk, 0, 1) === 1) Atomics.notify(desk, 0);
  }
}

/**
 * In the worker: waits while the desk answers a call, at most `maxMs` in all (a desk answering calls
 * back to back must not stop an import for good). `counter` is the buffer from deskCounter().
 */
export function waitForDesk(counter: Int32Array, maxMs = 200): void {
  const deadline = performance.now() + maxMs;
  for (let busy = Atomics.load(counter, 0); busy > 0; busy = Atomics.load(counter, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    Atomics.wait(counter, 0, busy, left);
  }
}
