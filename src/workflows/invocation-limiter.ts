/**
 * Okta's limit on direct API endpoint invocations (workflows.md §7.4): at most `limit` calls per flow in
 * any `windowMs` (a sliding window of call times). Per process: several processes each allow `limit`.
 */
export class InvocationLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a call at `nowMs` and says whether it is allowed. */
  take(key: string, nowMs: number): boolean {
    const recent = (this.calls.get(key) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.calls.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.calls.set(key, recent);
    if (this.calls.size > 10_000) this.calls.clear();
    return true;
  }
}
