import { ApiError, notFound } from '../core/errors.js';
import { jobContext, SYSTEM_ACTOR, type EventSpec } from '../core/log-event-builder.js';
import type { LogTarget } from '../core/log-event.js';
import type { RequestContext } from '../core/principal.js';
import type { ConnectionChanges, ConnectionExpectation, Page, Repositories, WorkflowConnectionQuery } from '../core/ports/store.js';
import type { FlowRecord } from '../core/workflows/flow.js';
import {
  authorizedConnection,
  failedConnection,
  recoveredConnection,
  revokedConnection,
  type ConnectionAuthorizer,
  type ConnectionError,
  type ConnectionRecord,
  type ConnectionTokens,
  type PendingAuthorization,
} from '../core/workflows/connection.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

/** What an admin gives to create a connection, parsed at the edge. */
export interface NewConnection {
  nickname: string;
  /** The org to call; this org when absent. */
  orgUrl: string;
  /** The OAuth client at that org and its secret; this org's Keyflow Workflows app when absent. */
  client: { id: string; secret: string | null } | null;
  scopes: string[];
}

/**
 * A connection and its *usage*: the flows whose latest version uses it, active or not. The active ones
 * are what breaks when the connection does (its person suspended, deactivated, deleted, signed out with
 * token revocation, or stripped of the admin role).
 */
export interface ConnectionUsage {
  connection: ConnectionRecord;
  flows: FlowRecord[];
}

/** A connection's target in its events: Okta names the connection by the display name it was given. */
function connectionTarget(c: Pick<ConnectionRecord, 'id' | 'nickname'>): LogTarget {
  return { id: c.id, type: 'WorkflowsConnection', alternateId: c.nickname, displayName: c.nickname, detailEntry: null };
}

function authorizerTarget(a: ConnectionAuthorizer): LogTarget {
  return { id: a.userId, type: 'User', alternateId: a.login, displayName: a.displayName, detailEntry: null };
}

/** Okta's target fields for `workflows.user.connection.*`: the connection, the app it is for, the user. */
function targetsOf(c: ConnectionRecord): LogTarget[] {
  const app: LogTarget = { id: c.clientId, type: 'AppInstance', alternateId: c.orgUrl, displayName: c.orgUrl, detailEntry: null };
  return [connectionTarget(c), app, ...(c.authorizedBy ? [authorizerTarget(c.authorizedBy)] : [])];
}

/**
 * Workflows connections as records (core/workflows/connection.ts): every change and its
 * `workflows.user.connection.*` event commit together. The OAuth conversation with the org lives in
 * src/workflows/, which calls these use cases.
 */
export class WorkflowConnectionsService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(ctx: RequestContext, input: NewConnection): Promise<ConnectionRecord> {
    const now = this.deps.clock.now().toISOString();
    const connection: ConnectionRecord = {
      id: this.deps.ids.id('workflowConnection'),
      connector: 'okta',
      nickname: input.nickname,
      orgUrl: input.orgUrl,
      clientId: input.client?.id ?? '',
      clientSecretSealed: input.client?.secret ? this.deps.secrets.seal(input.client.secret) : null,
      scopes: input.scopes,
      grantedScopes: [],
      authorizedBy: null,
      authorizedAt: null,
      status: 'PENDING',
      statusReason: 'Waiting for someone to sign in and consent at the authorize URL.',
      lastError: null,
      lastUsedAt: null,
      tokensSealed: null,
      createdBy: ctx.principal?.user?.id ?? '',
      created: now,
      lastUpdated: now,
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.workflowConnections.insert(connection);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.connection.create', targets: targetsOf(connection) }]);
    });
    return connection;
  }

  async get(id: string): Promise<ConnectionRecord> {
    const connection = await this.deps.store.workflowConnections.findById(id);
    if (!connection) throw notFound(id, 'Connection');
    return connection;
  }

  list(query: WorkflowConnectionQuery): Promise<Page<ConnectionRecord>> {
    return this.deps.store.workflowConnections.list(query);
  }

  /** A page of connections, each with its usage (the API's list). */
  async listWithUsage(query: WorkflowConnectionQuery): Promise<Page<ConnectionUsage>> {
    const page = await this.list(query);
    return { items: await Promise.all(page.items.map((c) => this.withUsage(c))), next: page.next };
  }

  async withUsage(connection: ConnectionRecord): Promise<ConnectionUsage> {
    return { connection, flows: await this.flowsUsing(connection.id) };
  }

  /**
   * Every connection whose calls act as this user, with the flows using each: what a lifecycle action on
   * the user (suspend, deactivate, delete, clear sessions with token revocation, removing an admin role)
   * would break. An unknown id has none. Connections in any status are included: an ERROR or REVOKED one
   * still carries the person, and reauthorizing it with someone else is the way out.
   */
  async authorizedBy(userId: string): Promise<ConnectionUsage[]> {
    const all: ConnectionUsage[] = [];
    let after: string | undefined;
    do {
      const page = await this.listWithUsage({ authorizedBy: userId, limit: 200, ...(after ? { after } : {}) });
      all.push(...page.items);
      after = page.next ?? undefined;
    } while (after);
    return all;
  }

  async rename(id: string, nickname: string): Promise<ConnectionRecord> {
    await this.write(id, { nickname, lastUpdated: this.deps.clock.now().toISOString() });
    return this.get(id);
  }

  /**
   * Records an authorization in progress. For a reauthorization Okta logs the attempt, not its success
   * (workflows.md §6.5), so the event is written here.
   */
  async beginAuthorization(ctx: RequestContext, connection: ConnectionRecord, pending: PendingAuthorization): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      await tx.workflowConnections.purgeAuthorizations(this.deps.clock.now().toISOString());
      await tx.workflowConnections.insertAuthorization(pending);
      if (pending.purpose === 'reauthorize') {
        await recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.connection.reauthorize', targets: targetsOf(connection) }]);
      }
    });
  }

  /** The authorization in progress with this state, used up (undefined when unknown, used or expired). */
  takeAuthorization(stateHash: string): Promise<PendingAuthorization | undefined> {
    return this.deps.store.workflowConnections.takeAuthorization(stateHash, this.deps.clock.now().toISOString());
  }

  /** The end of a successful consent: the connection is ACTIVE and acts as `authorizedBy` from now on. */
  async authorized(id: string, input: { authorizedBy: ConnectionAuthorizer; grantedScopes: string[]; tokens: ConnectionTokens }): Promise<ConnectionRecord> {
    const after = authorizedConnection(await this.get(id), {
      authorizedBy: input.authorizedBy,
      grantedScopes: input.grantedScopes,
      tokensSealed: this.sealTokens(input.tokens),
      at: this.deps.clock.now().toISOString(),
    });
    // A consent is legal from every status and replaces whatever tokens there were: no condition.
    const { status, statusReason, lastError, authorizedBy, authorizedAt, grantedScopes, tokensSealed, lastUpdated } = after;
    await this.write(id, { status, statusReason, lastError, authorizedBy, authorizedAt, grantedScopes, tokensSealed, lastUpdated });
    return this.get(id);
  }

  /** A refused consent (access denied, a bad code): the status stays, the org's answer is kept. */
  async authorizationRefused(id: string, error: ConnectionError): Promise<ConnectionRecord> {
    await this.write(id, { lastError: error, lastUpdated: error.at });
    return this.get(id);
  }

  /**
   * The org refused a call or the refresh grant made with the tokens sealed as `tokensUsed`: ERROR at
   * once, with the org's answer kept. Turning ERROR writes a `keyflow.workflows.connection.error` event
   * naming the connection and the person it acts as, and `turnedError` is true (the caller then
   * notifies); a connection already in ERROR only gets the new answer, so one breakage is reported once.
   *
   * Every write is conditional on the status it read and on the tokens that failed: of two concurrent
   * failures exactly one turns the connection ERROR, and a failure of tokens that a new consent or a
   * revocation has since replaced changes nothing (the person who consented since is not blamed).
   */
  async failed(id: string, error: ConnectionError, tokensUsed: string | null): Promise<{ connection: ConnectionRecord; turnedError: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const before = await this.get(id);
      const stale = before.tokensSealed !== tokensUsed || (before.status !== 'ACTIVE' && before.status !== 'ERROR');
      if (stale || attempt === 3) return { connection: before, turnedError: false };
      const after = failedConnection(before, error);
      const changes: ConnectionChanges = { status: after.status, statusReason: after.statusReason, lastError: after.lastError, lastUpdated: after.lastUpdated };
      const expect: ConnectionExpectation = { status: [before.status], tokensSealed: tokensUsed };
      if (before.status === 'ERROR') {
        if (await this.deps.store.workflowConnections.updateIf(id, expect, changes)) return { connection: await this.get(id), turnedError: false };
        continue;
      }
      const spec: EventSpec = {
        eventType: 'keyflow.workflows.connection.error',
        actor: SYSTEM_ACTOR,
        targets: targetsOf(after),
        outcome: { result: 'FAILURE', reason: after.statusReason },
        debugData: { httpStatus: String(error.status), errorCode: error.errorCode ?? '', errorSummary: error.errorSummary },
      };
      const turned = await this.deps.store.transaction(async (tx) => {
        if (!(await tx.workflowConnections.updateIf(id, expect, changes))) return false;
        await recordEvents(this.deps, tx, jobContext(this.deps.ids.requestId()), [spec]);
        return true;
      });
      // Lost the race (another failure, a consent, a revocation): decide again from what is stored now.
      if (turned) return { connection: await this.get(id), turnedError: true };
    }
  }

  /**
   * A test call made with the tokens sealed as `tokensUsed` succeeded: an ERROR connection is ACTIVE
   * again — unless its tokens changed meanwhile (a consent or a revocation decides then).
   */
  async recovered(id: string, tokensUsed: string | null): Promise<ConnectionRecord> {
    const before = await this.get(id);
    if (before.status !== 'ERROR') return before;
    const after = recoveredConnection(before, this.deps.clock.now().toISOString());
    await this.deps.store.workflowConnections.updateIf(id, { status: ['ERROR'], tokensSealed: tokensUsed }, { status: after.status, statusReason: after.statusReason, lastUpdated: after.lastUpdated });
    return this.get(id);
  }

  /**
   * New tokens from a refresh grant that used the tokens sealed as `refreshedFrom`. Written only if those
   * are still the stored ones (a consent, a revocation or another refresh may have replaced them): the
   * new tokens' sealed form, or null when they were not written.
   */
  async refreshed(id: string, refreshedFrom: string, tokens: ConnectionTokens): Promise<string | null> {
    const sealed = this.sealTokens(tokens);
    const written = await this.deps.store.workflowConnections.updateIf(id, { tokensSealed: refreshedFrom }, { tokensSealed: sealed, lastUpdated: this.deps.clock.now().toISOString() });
    return written ? sealed : null;
  }

  /** Records use at most once a minute (a busy flow should not write the connection on every call), and only `lastUsedAt`. */
  async used(connection: ConnectionRecord): Promise<void> {
    const now = this.deps.clock.now();
    if (connection.lastUsedAt !== null && now.getTime() - Date.parse(connection.lastUsedAt) < 60_000) return;
    await this.deps.store.workflowConnections.recordUse(connection.id, now.toISOString());
  }

  /** Tokens revoked at the org by an admin's request: REVOKED until reauthorized. */
  async revoked(ctx: RequestContext, id: string): Promise<ConnectionRecord> {
    const after = revokedConnection(await this.get(id), this.deps.clock.now().toISOString(), 'An admin revoked the connection’s tokens. Reauthorize it to use it again.');
    await this.deps.store.transaction(async (tx) => {
      // Legal from every status: no condition. Dropping the tokens makes any refresh or failure still in flight stale.
      const { status, statusReason, tokensSealed, lastUpdated } = after;
      if (!(await tx.workflowConnections.updateIf(id, {}, { status, statusReason, tokensSealed, lastUpdated }))) throw notFound(id, 'Connection');
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.connection.revoke', targets: targetsOf(after) }]);
    });
    return after;
  }

  /**
   * Refuses (400 `E0000001`, one cause per flow) to delete a connection that active flows use: deleting it
   * would break them silently at their next run or event. Turn them off, or move them to another
   * connection, first. Inactive flows do not hold it back; activating one later names the missing
   * connection.
   */
  async checkDeletable(id: string, repos: Pick<Repositories, 'workflowFlows'> = this.deps.store): Promise<void> {
    const active = (await this.flowsUsing(id, repos)).filter((f) => f.active);
    if (active.length === 0) return;
    throw new ApiError('E0000001', {
      detail: 'connection in use',
      causes: active.map((f) => `usage: Active flow "${f.name}" (${f.id}) uses this connection; turn it off or move it to another connection before deleting the connection`),
    });
  }

  /** Deleted after its tokens were revoked at the org (Okta logs both events, workflows.md §6.1). */
  async deleted(ctx: RequestContext, connection: ConnectionRecord, tokensRevoked: boolean): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      // The row lock first: a flow being turned on (or saved active) with this connection holds it too
      // (services/workflow-flows.ts lockConnections), so the check below sees that flow committed, or that
      // flow finds the connection gone. Without it a flow activated at the same moment slips through on
      // PostgreSQL, whose check would read the flow before its activation commits.
      if ((await tx.workflowConnections.lockExisting([connection.id])).length === 0) throw notFound(connection.id, 'Connection');
      // Again inside the transaction: a flow may have been turned on since the first check.
      await this.checkDeletable(connection.id, tx);
      if (!(await tx.workflowConnections.delete(connection.id))) throw notFound(connection.id, 'Connection');
      const specs: EventSpec[] = [];
      if (tokensRevoked) specs.push({ eventType: 'workflows.user.connection.revoke', targets: targetsOf(connection) });
      specs.push({ eventType: 'workflows.user.connection.delete', targets: targetsOf(connection) });
      await recordEvents(this.deps, tx, ctx, specs);
    });
  }

  tokensOf(connection: ConnectionRecord): ConnectionTokens | null {
    return connection.tokensSealed === null ? null : (JSON.parse(this.deps.secrets.open(connection.tokensSealed)) as ConnectionTokens);
  }

  /** The connection's own client secret in clear (null when it uses this org's Keyflow Workflows app). */
  ownClientSecretOf(connection: ConnectionRecord): string | null {
    return connection.clientSecretSealed === null ? null : this.deps.secrets.open(connection.clientSecretSealed);
  }

  /** Takes the connection's refresh lease for `leaseMs`; returns its end (to release it with), or null when someone holds it. */
  async claimRefresh(id: string, leaseMs: number): Promise<string | null> {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return (await this.deps.store.workflowConnections.claimRefresh(id, now.toISOString(), until)) ? until : null;
  }

  releaseRefresh(id: string, until: string): Promise<void> {
    return this.deps.store.workflowConnections.releaseRefresh(id, until);
  }

  /** Flows whose latest version uses the connection, every page of them. */
  private async flowsUsing(connectionId: string, repos: Pick<Repositories, 'workflowFlows'> = this.deps.store): Promise<FlowRecord[]> {
    const flows: FlowRecord[] = [];
    let after: string | undefined;
    do {
      const page = await repos.workflowFlows.list({ limit: 200, connectionId, ...(after ? { after } : {}) });
      flows.push(...page.items);
      after = page.next ?? undefined;
    } while (after);
    return flows;
  }

  private sealTokens(tokens: ConnectionTokens): string {
    return this.deps.secrets.seal(JSON.stringify(tokens));
  }

  /** An unconditional write of some fields (404 when the connection is gone). */
  private async write(id: string, changes: ConnectionChanges): Promise<void> {
    if (!(await this.deps.store.workflowConnections.updateIf(id, {}, changes))) throw notFound(id, 'Connection');
  }
}
