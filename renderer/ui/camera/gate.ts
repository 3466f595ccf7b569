/**
 * When a camera read may act. The camera sees the same envelope many times a second, so it must neither act
 * on one lucky frame nor hand the same envelope over again while the clerk is still holding it:
 * - act when `agree` frames in a row name the same household;
 * - then stay quiet until `leave` frames in a row show no read or another household (the envelope left).
 */
export interface GateOptions {
  agree?: number;
  leave?: number;
}

export class ReadGate {
  private readonly agree: number;
  private readonly leave: number;
  private candidate: string | null = null;
  private streak = 0;
  private held: string | null = null;
  private away = 0;

  constructor(options: GateOptions = {}) {
    this.agree = options.agree ?? 2;
    this.leave = options.leave ?? 3;
  }

  /** The household this frame names (null: nothing, or nothing unique). True: act on it now. */
  feed(key: string | null): boolean {
    if (this.held !== null) {
      if (key === this.held) {
        this.away = 0;
        return false;
      }
      if (++this.away < this.leave) return false;
      this.held = null;
    }
    if (key === null) {
      this.candidate = null;
      this.streak = 0;
      return false;
    }
    this.streak = key === this.candidate ? this.streak + 1 : 1;
    this.candidate = key;
    if (this.streak < this.agree) return false;
    this.held = key;
    this.away = 0;
    this.candidate = null;
    this.streak = 0;
    return true;
  }

  /** The household that was acted on and is still in front of the camera. */
  get holding(): string | null {
    return this.held;
  }
}
