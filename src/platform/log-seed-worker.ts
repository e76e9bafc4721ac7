import { parentPort, workerData } from 'node:worker_threads';
import { logEventGenerator, type LogSeedOptions } from '../core/log-seed/log-event-generator.js';
import { logRowOf } from '../core/log-rows.js';

/**
 * The worker thread of platform/log-seed-threads.ts: generates the events and turns them into rows,
 * `chunk` rows a message, one message per credit the main thread has given (so it stays a few chunks
 * ahead, never the whole log ahead).
 */
const { input, chunk } = workerData as { input: LogSeedOptions; chunk: number };
const generator = logEventGenerator(input);
let credits = 0;
parentPort!.on('message', (message: { credits: number }) => {
  credits += message.credits;
  while (credits > 0 && generator.remaining > 0) {
    credits--;
    parentPort!.postMessage(generator.take(chunk).map(logRowOf));
  }
});
