import type { Clock } from '../core/clock.js';
import { nextOccurrence } from '../core/workflows/schedule.js';
import type { WorkflowExecutionsService } from '../services/workflow-executions.js';
import type { WorkflowFlowsService } from '../services/workflow-flows.js';

/**
 * Scheduled flows (workflows.md §4.2): every tick, each active schedule flow whose next occurrence after
 * its mark has come is queued once, with `scheduledAt` = that due time. The mark (the last due time it
 * fired for, or when it was turned on or saved with another schedule) lives in the store, not here:
 * after downtime only the latest missed occurrence runs, not every one.
 *
 * Several processes on one PostgreSQL all tick. An occurrence is queued together with a move of the mark
 * conditional on the mark the process read (WorkflowExecutionsService.enqueueOccurrence), so exactly one
 * process queues it. A save that changes the schedule writes a new mark with the new version
 * (WorkflowFlowsService.save); the mark is read before the flow, so a pass that raced the save either
 * saw the new schedule or fails to move the mark: an old schedule never fires after its save commits.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly deps: { clock: Clock; flows: WorkflowFlowsService; executions: WorkflowExecutionsService; onError: (err: unknown) => void },
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
    for (const listed of await this.deps.flows.listActive('schedule')) {
      // The mark before the flow: see the class comment.
      const mark = await this.deps.flows.scheduleMark(listed.id);
      const flow = await this.deps.flows.find(listed.id);
      const trigger = flow?.definition.trigger;
      if (!flow?.active || trigger?.type !== 'schedule') continue;
      if (mark.at === null) {
        await this.deps.flows.moveScheduleMark(flow.id, mark, now.toISOString());
        continue;
      }
      let due: Date | null = null;
      for (let next = nextOccurrence(trigger.schedule, new Date(mark.at)); next && next.getTime() <= now.getTime(); next = nextOccurrence(trigger.schedule, next)) due = next;
      if (due) await this.deps.executions.enqueueOccurrence(flow, mark, due.toISOString());
    }
  }
}
