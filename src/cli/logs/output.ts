import type { Writable } from 'node:stream';

/** Writes `text`, waiting for the stream to drain when it is full, so a long export holds one page in memory. */
export function writeText(stream: Writable, text: string): Promise<void> {
  if (text === '' || stream.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', done);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    stream.once('drain', done);
    stream.once('error', done);
  });
}

/** One LogEvent per line, as the API returned it. */
export function ndjson(events: readonly unknown[]): string {
  let text = '';
  for (const event of events) text += `${JSON.stringify(event)}\n`;
  return text;
}
