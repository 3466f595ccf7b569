import type { ScanOutcome } from '../../shared/handover';

/**
 * Distinct tones a clerk learns without looking: one high beep (hand over), two mid beeps (already),
 * a low buzz (do not hand over), two low blips (unknown). Generated, so there are no media files to load.
 */
const PATTERNS: Record<ScanOutcome, { freq: number; ms: number; gapMs?: number; repeat?: number; type: OscillatorType }> = {
  handed_over: { freq: 1320, ms: 110, type: 'sine' },
  already_handed_over: { freq: 880, ms: 90, gapMs: 70, repeat: 2, type: 'sine' },
  blocked: { freq: 180, ms: 450, type: 'square' },
  direct: { freq: 520, ms: 160, gapMs: 90, repeat: 2, type: 'triangle' },
  unknown: { freq: 330, ms: 90, gapMs: 90, repeat: 2, type: 'triangle' },
};

let audio: AudioContext | null = null;

/**
 * Opens the audio output before the first scan. Opening it is slow (the audio device is set up), and
 * done inside the first scan it delayed that scan's result card by as much.
 */
export function prepareSound(): void {
  try {
    audio ??= new AudioContext();
  } catch {
    // No audio device: playOutcome stays silent.
  }
}

export function playOutcome(outcome: ScanOutcome): void {
  try {
    audio ??= new AudioContext();
    const p = PATTERNS[outcome];
    const start = audio.currentTime;
    for (let i = 0; i < (p.repeat ?? 1); i++) {
      const t = start + (i * (p.ms + (p.gapMs ?? 0))) / 1000;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = p.type;
      osc.frequency.value = p.freq;
      gain.gain.setValueAtTime(0.18, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + p.ms / 1000);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + p.ms / 1000);
    }
  } catch {
    // No audio device: the colour and text still say everything.
  }
}
