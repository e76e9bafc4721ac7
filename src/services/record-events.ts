import { buildLogEvent, type EventSpec } from '../core/log-event-builder.js';
import type { LogEvent } from '../core/log-event.js';
import type { RequestContext } from '../core/principal.js';
import type { Repositories } from '../core/ports/store.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Appends the LogEvents of a change through the transaction that makes the change, so the change and
 * its events commit together (style.md habit 6). Returns the events (their uuids name what caused what).
 */
export async function recordEvents(
  deps: Pick<ServiceDeps, 'clock' | 'ids'>,
  tx: Repositories,
  ctx: RequestContext,
  specs: readonly EventSpec[],
): Promise<LogEvent[]> {
  const now = deps.clock.now().toISOString();
  const events = specs.map((spec) => buildLogEvent(ctx, spec, deps.ids.uuid(), now));
  await tx.logEvents.append(events, now);
  return events;
}

/** Records a refused attempt in its own transaction (the refused change itself wrote nothing). */
export async function recordFailure(
  deps: Pick<ServiceDeps, 'clock' | 'ids' | 'store'>,
  ctx: RequestContext,
  spec: EventSpec,
): Promise<void> {
  await deps.store.transaction((tx) => recordEvents(deps, tx, ctx, [spec]));
}
