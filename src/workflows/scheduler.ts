import type { Clock } from '../core/clock.js';
import { nextOccurrence } from '../core/workflows/schedule.js';
import type { WorkflowFlowsService } from '../services/workflow-flows.js';
import type { WorkflowEngine } from './engine.js';

/**
 * Scheduled flows (workflows.md §4.2): every tick, each active schedule flow whose next occurrence after
 * its mark (the last due time it fired for, or when it was turned on) has come is queued once, with
 * `scheduledAt` = that due time. After downtime only the latest missed occurrence runs, not every one.
 *
 * One process fires a given occurrence once. Several processes on one PostgreSQL may each fire it (the
 * mark is not claimed atomically yet): run schedules on one process there (docs/workflows.md).
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly deps: { clock: Clock; flows: WorkflowFlowsService; engine: WorkflowEngine; onError: (err: unknown) => void },
    private readonly tickMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Marks a schedule flow as turned on now, so it does not fire for occurrences before that. */
  async activated(flowId: string): Promise<void> {
    await this.deps.flows.setScheduleMark(flowId, this.deps.clock.now().toISOString());
  }

  /** One pass over the active schedule flows (runs one at a time). */
  tick(): Promise<void> {
    this.ticking ??= this.pass()
      .catch(this.deps.onError)
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async pass(): Promise<void> {
    const now = this.deps.clock.now();
    for (const flow of await this.deps.flows.listActive('schedule')) {
      const trigger = flow.definition.trigger;
      if (trigger.type !== 'schedule') continue;
      const mark = await this.deps.flows.scheduleMark(flow.id);
      if (mark === undefined) {
        await this.deps.flows.setScheduleMark(flow.id, now.toISOString());
        continue;
      }
      let due: Date | null = null;
      for (let next = nextOccurrence(trigger.schedule, new Date(mark)); next && next.getTime() <= now.getTime(); next = nextOccurrence(trigger.schedule, next)) due = next;
      if (!due) continue;
      await this.deps.flows.setScheduleMark(flow.id, due.toISOString());
      await this.deps.engine.submit(flow, { type: 'schedule' }, { scheduledAt: due.toISOString() });
    }
  }
}
