import { describe, expect, it } from 'vitest';
import type { LogRow } from '../../src/core/log-rows.js';
import { inlineLogRows, type LogRowSource } from '../../src/core/log-seed/log-row-source.js';
import { threadedLogRows } from '../../src/platform/log-seed-threads.js';

/** `keyflow logs seed` makes its rows on a worker thread (platform/log-seed-threads.ts); they must be
 *  exactly the rows made in the calling thread, in order, however they are taken. */

const INPUT = { seed: 'rows', now: new Date('2026-03-01T00:00:00Z'), days: 5, events: 3_210 };
/** Uneven takes: inside one worker chunk (500 rows), across chunks, and past the end. */
const TAKES = [7, 500, 1, 1_200, 499, 3, 2_000];

async function drain(source: LogRowSource): Promise<{ rows: LogRow[]; remainingSeen: number[] }> {
  const rows: LogRow[] = [];
  const remainingSeen: number[] = [];
  for (let i = 0; source.remaining > 0; i++) {
    remainingSeen.push(source.remaining);
    rows.push(...(await source.next(TAKES[i % TAKES.length]!)));
  }
  remainingSeen.push(source.remaining);
  return { rows, remainingSeen };
}

describe('seeded log rows on a worker thread', () => {
  it('are the rows made in this thread, in the same order, taken in uneven pieces', async () => {
    const threaded = threadedLogRows(INPUT);
    try {
      expect(threaded.threadId, 'made on a worker thread, not in this one').toBeGreaterThan(0);
      const fromThread = await drain(threaded);
      const inline = await drain(inlineLogRows(INPUT));
      expect(fromThread.rows).toHaveLength(3_210);
      expect(fromThread.remainingSeen).toEqual(inline.remainingSeen);
      expect(fromThread.remainingSeen.at(-1)).toBe(0);
      expect(fromThread.rows).toEqual(inline.rows);
      expect(await threaded.next(10)).toEqual([]);
    } finally {
      await threaded.close();
      await threaded.close();
    }
  });

  it('stops the thread when closed early', async () => {
    const threaded = threadedLogRows({ ...INPUT, events: 100_000 });
    expect(await threaded.next(10)).toHaveLength(10);
    await threaded.close();
    expect(threaded.remaining).toBe(99_990);
  });
});
