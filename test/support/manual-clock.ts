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
}
