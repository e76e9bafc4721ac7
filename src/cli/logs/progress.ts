/** What a long command (export, seed) has done so far. */
export interface Progress {
  events: number;
  /** Share of the work done, 0–1. */
  fraction: number;
  elapsedMs: number;
  /** What else to say, e.g. "124 pages". */
  detail: string;
}

const BAR_WIDTH = 24;
const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatCount = (n: number): string => numbers.format(n);

export function ratePerSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
}

/** One line of progress: `▕█████░░░░▏ 42%  123,456 events  124 pages  41,234 events/s`. */
export function progressLine(p: Progress): string {
  const fraction = Math.min(1, Math.max(0, p.fraction));
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `▕${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}▏`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${bar} ${percent}  ${formatCount(p.events)} events  ${p.detail}  ${formatCount(ratePerSecond(p.events, p.elapsedMs))} events/s`;
}

/**
 * A progress line redrawn in place on a terminal, at most every 100 ms; nothing at all when the
 * stream is not a TTY, so that redirected stderr stays clean.
 */
export function progressBar(stream: NodeJS.WriteStream): { update(p: Progress): void; clear(): void } {
  if (!stream.isTTY) return { update() {}, clear() {} };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      if (p.elapsedMs - last < 100 && shown) return;
      last = p.elapsedMs;
      shown = true;
      stream.write(`\r\x1b[K${progressLine(p)}`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
