import type { Clock } from '../../src/core/clock.js';

/** A clock the test moves by hand (an injected port, as in production; nothing of ours is mocked). */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(minutes: number): void {
    this.ms += minutes * 60_000;
  }
  /** Moves to a later moment (never back: leases and marks written at the current time must stay in the past). */
  advanceTo(iso: string): void {
    const to = Date.parse(iso);
    if (!(to >= this.ms)) throw new Error(`ManualClock.advanceTo(${iso}): not after ${new Date(this.ms).toISOString()}`);
    this.ms = to;
  }
}
