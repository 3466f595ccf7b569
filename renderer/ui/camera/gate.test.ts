import { describe, expect, it } from 'vitest';
import { ReadGate } from './gate';

const run = (gate: ReadGate, frames: (string | null)[]) => frames.map((f) => gate.feed(f));

describe('ReadGate', () => {
  it('acts on the second agreeing frame, never on one frame alone', () => {
    expect(run(new ReadGate(), ['A', 'A'])).toEqual([false, true]);
    expect(run(new ReadGate(), ['A', 'B', 'A', null, 'A'])).toEqual([false, false, false, false, false]);
  });

  it('an envelope held still is acted on once, however long it stays or flickers', () => {
    const frames = ['A', 'A', ...Array<string | null>(50).fill('A'), null, 'A', null, null, 'A', 'A'];
    expect(run(new ReadGate(), frames).filter(Boolean)).toHaveLength(1);
  });

  it('the same envelope again after it left the frame is acted on again (already handed over is shown)', () => {
    const r = run(new ReadGate({ leave: 3 }), ['A', 'A', null, null, null, 'A', 'A']);
    expect(r).toEqual([false, true, false, false, false, false, true]);
  });

  it('the next envelope is acted on once the first has left', () => {
    const r = run(new ReadGate({ leave: 2 }), ['A', 'A', 'B', 'B', 'B']);
    expect(r).toEqual([false, true, false, false, true]);
  });
});
