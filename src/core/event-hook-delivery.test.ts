import { describe, expect, it } from 'vitest';
import {
  afterDelivered,
  afterFailure,
  classifyAttempt,
  failureWorthLogging,
  hookMatcher,
  retryDelayMs,
  selectBatch,
  verificationProblem,
} from './event-hook-delivery.js';
import { freshDelivery, hookUriProblem } from './event-hooks.js';
import { parseFilter } from './filter/parser.js';
import type { LogEvent } from './log-event.js';

const event = (n: number, eventType = 'user.lifecycle.create', targetName = `T${n}`) =>
  ({ uuid: `u${n}`, eventType, target: [{ id: `t${n}`, type: 'User', alternateId: null, displayName: targetName, detailEntry: null }] }) as unknown as LogEvent;
const seq = (n: number, e = event(n)) => ({ seq: n, event: e });
const POLICY = { initialMs: 1000, maxMs: 300_000 };
const T = '2024-01-01T00:00:00.000Z';

describe('event hook delivery rules', () => {
  it('backs off exponentially from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 9, 10, 100].map((f) => retryDelayMs(f, POLICY))).toEqual([1000, 2000, 4000, 8000, 256_000, 300_000, 300_000]);
  });

  it('matches subscribed types that pass their filter, never event_hook.*, and an unparseable filter lets events through', () => {
    const match = hookMatcher(
      { eventTypes: ['user.lifecycle.create', 'group.lifecycle.create', 'event_hook.delivery'], filters: [{ eventType: 'group.lifecycle.create', expression: 'target.displayName sw "Sales"' }] },
      parseFilter,
    );
    expect(match(event(1))).toBe(true);
    expect(match(event(2, 'user.lifecycle.activate'))).toBe(false);
    expect(match(event(3, 'group.lifecycle.create', 'Sales EU'))).toBe(true);
    expect(match(event(4, 'group.lifecycle.create', 'Marketing'))).toBe(false);
    expect(match(event(5, 'event_hook.delivery'))).toBe(false);
    const lenient = hookMatcher({ eventTypes: ['group.lifecycle.create'], filters: [{ eventType: 'group.lifecycle.create', expression: 'x' }] }, () => null);
    expect(lenient(event(6, 'group.lifecycle.create'))).toBe(true);
  });

  it('batches at most `max` matching events; the cursor passes the events that did not match', () => {
    const scanned = [seq(1), seq(2, event(2, 'other')), seq(3), seq(4), seq(5, event(5, 'other'))];
    const match = (e: LogEvent) => e.eventType !== 'other';
    expect(selectBatch(scanned, match, 2)).toEqual({ events: [event(1), event(3)], throughSeq: 3 });
    expect(selectBatch(scanned, match, 50)).toEqual({ events: [event(1), event(3), event(4)], throughSeq: 5 });
    expect(selectBatch([seq(7, event(7, 'other'))], match)).toEqual({ events: [], throughSeq: 7 });
  });

  it('retries network errors, timeouts, 429 and 5xx; skips 3xx and 4xx', () => {
    expect(classifyAttempt({ kind: 'response', status: 204, body: '' })).toEqual({ ok: true });
    expect(classifyAttempt({ kind: 'failed', reason: 'timeout', message: 'No response within 3000 ms' })).toEqual({ ok: false, retry: true, status: null, message: 'No response within 3000 ms' });
    for (const status of [429, 500, 503]) expect(classifyAttempt({ kind: 'response', status, body: '' })).toMatchObject({ ok: false, retry: true, status });
    for (const status of [301, 400, 404]) expect(classifyAttempt({ kind: 'response', status, body: ' nope ' })).toEqual({ ok: false, retry: false, status, message: `HTTP ${status}: nope` });
  });

  it('moves from RETRYING to FAILING after five failures in a row, back to OK on success; a skipped batch is FAILING', () => {
    const failure = { ok: false as const, retry: true, status: 500, message: 'HTTP 500' };
    let state = freshDelivery(10);
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      state = afterFailure(state, failure, 12, T, POLICY);
      statuses.push(state.status);
    }
    expect(statuses).toEqual(['RETRYING', 'RETRYING', 'RETRYING', 'RETRYING', 'FAILING']);
    expect(state).toMatchObject({ deliveredSeq: 10, consecutiveFailures: 5, nextAttemptAt: '2024-01-01T00:00:16.000Z', lastError: { at: T, status: 500, message: 'HTTP 500' } });
    state = afterDelivered(state, 12, T, true);
    expect(state).toMatchObject({ deliveredSeq: 12, status: 'OK', consecutiveFailures: 0, nextAttemptAt: null, lastDeliveredAt: T });
    const skipped = afterFailure(state, { ...failure, retry: false, status: 400 }, 15, T, POLICY);
    expect(skipped).toMatchObject({ deliveredSeq: 15, status: 'FAILING', consecutiveFailures: 0, nextAttemptAt: null });
    expect(afterDelivered(skipped, 16, T, false)).toMatchObject({ deliveredSeq: 16, status: 'FAILING' });
  });

  it('logs a failure at most once per interval', () => {
    expect(failureWorthLogging(freshDelivery(0), T, 60_000)).toBe(true);
    const logged = { ...freshDelivery(0), failureLoggedAt: T };
    expect(failureWorthLogging(logged, '2024-01-01T00:00:59.999Z', 60_000)).toBe(false);
    expect(failureWorthLogging(logged, '2024-01-01T00:01:00.000Z', 60_000)).toBe(true);
  });

  it('accepts a verification only as 200 with the challenge echoed in JSON', () => {
    expect(verificationProblem({ kind: 'response', status: 200, body: '{"verification":"abc"}' }, 'abc')).toBeNull();
    expect(verificationProblem({ kind: 'response', status: 200, body: '{"verification":"abd"}' }, 'abc')).toMatch(/did not answer/);
    expect(verificationProblem({ kind: 'response', status: 200, body: 'abc' }, 'abc')).toBe('The endpoint did not answer with JSON');
    expect(verificationProblem({ kind: 'response', status: 204, body: '' }, 'abc')).toBe('The endpoint answered HTTP 204 instead of 200');
    expect(verificationProblem({ kind: 'failed', reason: 'network', message: 'Connection failed: ECONNREFUSED' }, 'abc')).toBe('Connection failed: ECONNREFUSED');
  });

  it('requires https except for loopback hosts and allowed hosts', () => {
    for (const ok of ['https://x.example.com', 'http://localhost/', 'http://127.0.0.1:80', 'http://127.1/', 'http://[::1]/', 'http://ALLOWED.internal/']) expect(hookUriProblem(ok, ['allowed.internal']), ok).toBeNull();
    for (const bad of ['http://x.example.com', 'http://localhost.example.com', 'http://128.0.0.1', 'ws://localhost', 'https://a:b@x.example.com', 'x']) expect(hookUriProblem(bad, ['allowed.internal']), bad).not.toBeNull();
  });
});
