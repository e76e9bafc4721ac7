import type { AppRecord, AppScopeGrantRecord, AppUserRecord, ClientRoleRecord, ConsentRecord } from '../apps.js';
import type { EventHookDelivery, EventHookRecord } from '../event-hooks.js';
import type { FilterNode } from '../filter/ast.js';
import type { LogEvent } from '../log-event.js';
import type { LogRow } from '../log-rows.js';
import type { ApiTokenRecord, GroupRecord, RoleAssignmentRecord, SessionRecord } from '../records.js';
import type { RoleType } from '../roles.js';
import type { UserRecord } from '../user.js';
import type { ConnectionRecord, ConnectionStatus, PendingAuthorization } from '../workflows/connection.js';
import type { CardRun, ExecutionRecord, ExecutionStatus } from '../workflows/execution.js';
import type { FlowRecord, FlowVersionRecord } from '../workflows/flow.js';

/**
 * The one store interface (style.md habit 3). SQLite and PostgreSQL implement it in src/store/ and pass
 * the same contract suite (test/contract/). Services see only these types.
 */

/** A uniqueness rule the database enforces; services turn it into Okta's error for that field. */
export class UniqueViolation extends Error {
  constructor(
    readonly constraint:
      | 'login'
      | 'group_name'
      | 'role_assignment'
      | 'group_member'
      | 'api_token_hash'
      | 'app_user'
      | 'app_scope_grant'
      | 'consent'
      | 'client_role'
      | 'flow_alias',
  ) {
    super(`unique constraint violated: ${constraint}`);
    this.name = 'UniqueViolation';
  }
}

/** A cursor that the store did not hand out, or that belongs to a different query. */
export class InvalidCursor extends Error {
  constructor(readonly cursor: string) {
    super(`invalid paging cursor: ${cursor}`);
    this.name = 'InvalidCursor';
  }
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  next: string | null;
}

/** Which users a list returns (okta-api.md §6.3). The service validates `filter` for the mode. */
export interface UserListQuery {
  /** Compiled to SQL. Attributes: id, status, created, activated, statusChanged, lastUpdated,
   *  passwordChanged, lastLogin, type.id, profile.<name>. */
  filter?: FilterNode;
  /** true for `search=` (values compared case-insensitively), false for `filter=` (case-sensitive). */
  caseInsensitive?: boolean;
  includeDeprovisioned: boolean;
  limit: number;
  after?: string;
  /** Only with search: sort by a top-level or profile attribute; default id ascending. */
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
}

export interface UserRepo {
  /** Throws UniqueViolation('login') when the login (case-insensitive) is taken. */
  insert(user: UserRecord): Promise<void>;
  /** Replaces the row with the same id; throws UniqueViolation('login') on a login clash. */
  update(user: UserRecord): Promise<void>;
  delete(id: string): Promise<void>;
  findById(id: string): Promise<UserRecord | undefined>;
  /** Inside a transaction: reads the user and locks the row until commit, so a read-then-write move
   *  (a lifecycle transition, an update) cannot interleave with another process's (PostgreSQL
   *  `FOR UPDATE`; SQLite write transactions are exclusive already). */
  lockById(id: string): Promise<UserRecord | undefined>;
  /** Case-insensitive exact login match. */
  findByLogin(login: string): Promise<UserRecord | undefined>;
  /** Users whose login is `<shortName>@…` (case-insensitive), at most `limit`. */
  findByShortName(shortName: string, limit: number): Promise<UserRecord[]>;
  list(query: UserListQuery): Promise<Page<UserRecord>>;
  /** `q=`: case-insensitive prefix of firstName, lastName or email; never DEPROVISIONED; ordered by id. */
  searchPrefix(prefix: string, limit: number): Promise<UserRecord[]>;
  count(): Promise<number>;
}

export interface GroupListQuery {
  /** Name prefix, case-insensitive (`q=`). */
  namePrefix?: string;
  /** Attributes: id, type, lastUpdated, lastMembershipUpdated, created, profile.name, profile.description. */
  filter?: FilterNode;
  limit: number;
  after?: string;
}

export interface GroupRepo {
  /** Throws UniqueViolation('group_name') for a second OKTA_GROUP with the same name (case-insensitive). */
  insert(group: GroupRecord): Promise<void>;
  update(group: GroupRecord): Promise<void>;
  /** Deletes the group and its memberships. */
  delete(id: string): Promise<void>;
  findById(id: string): Promise<GroupRecord | undefined>;
  findByName(name: string): Promise<GroupRecord | undefined>;
  list(query: GroupListQuery): Promise<Page<GroupRecord>>;
  /** Throws UniqueViolation('group_member') if already a member. */
  addMember(groupId: string, userId: string, at: string): Promise<void>;
  /** Returns whether a membership was removed. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  isMember(groupId: string, userId: string): Promise<boolean>;
  /** Member user records in user-id order; cursor = last user id. */
  listMembers(groupId: string, limit: number, after?: string): Promise<Page<UserRecord>>;
  countMembers(groupId: string): Promise<number>;
  /** Groups of a user, in group-id order. */
  listGroupsOfUser(userId: string): Promise<GroupRecord[]>;
  /** Removes every membership of the user, returning the groups it was in. */
  removeUserFromAll(userId: string): Promise<GroupRecord[]>;
}

export interface RoleRepo {
  /** Throws UniqueViolation('role_assignment') when the user already has that role type. */
  insert(assignment: RoleAssignmentRecord): Promise<void>;
  delete(id: string): Promise<void>;
  findById(id: string): Promise<RoleAssignmentRecord | undefined>;
  listForUser(userId: string): Promise<RoleAssignmentRecord[]>;
  deleteAllForUser(userId: string): Promise<RoleAssignmentRecord[]>;
}

/** An API token with its creator and the creator's active role types, read in one query. */
export interface TokenCredential {
  token: ApiTokenRecord;
  /** undefined if the creator no longer exists. */
  user: UserRecord | undefined;
  roles: RoleType[];
}

export interface ApiTokenRepo {
  /** Throws UniqueViolation('api_token_hash') on a hash clash (a KEYFLOW_API_TOKEN set twice). */
  insert(token: ApiTokenRecord): Promise<void>;
  findById(id: string): Promise<ApiTokenRecord | undefined>;
  /** Revoked tokens are returned too: the caller decides what a revoked token answers. */
  findByHash(hash: string): Promise<ApiTokenRecord | undefined>;
  /** Everything an SSWS request needs to know about its credential, in one round trip (read on every
   *  request, so it is one query rather than three). Revoked tokens are returned too. */
  findCredential(hash: string): Promise<TokenCredential | undefined>;
  /** Unrevoked tokens, optionally of one user, in id order. */
  listActive(userId?: string): Promise<ApiTokenRecord[]>;
  markUsed(id: string, at: string): Promise<void>;
  revoke(id: string, at: string, byEvent: string): Promise<void>;
}

export interface SessionRepo {
  insert(session: SessionRecord): Promise<void>;
  findById(id: string): Promise<SessionRecord | undefined>;
  listForUser(userId: string): Promise<SessionRecord[]>;
  /** Moves a session's expiry (`POST /api/v1/sessions/{id}/lifecycle/refresh`); false if it is gone. */
  extend(id: string, expiresAt: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /** Ends every session of the user; returns the ids ended. */
  deleteForUser(userId: string): Promise<string[]>;
}

/** Polling reads follow the persistence sequence; bounded reads follow `published` (okta-api.md §2.3). */
export interface LogQuery {
  mode: 'polling' | 'bounded';
  /** Inclusive lower bound on `published` (bounded) or on the persistence time (polling). ISO string. */
  since?: string;
  /** Exclusive upper bound, same dual meaning. */
  until?: string;
  /** Cursor from a previous page's `next`. */
  after?: string;
  order: 'ASCENDING' | 'DESCENDING';
  /** A filter already checked by core/log-filter.ts (any LogEvent attribute path). */
  filter?: FilterNode;
  /** Keywords of `q` (core/log-keywords.ts), all required. */
  keywords?: readonly string[];
  limit: number;
}

export class UnsupportedFilter extends Error {
  constructor(readonly attr: string) {
    super(`filter attribute not supported: ${attr}`);
    this.name = 'UnsupportedFilter';
  }
}

export interface LogPage {
  events: LogEvent[];
  /** Cursor after the last event returned. For polling it is always set, even for an empty page
   *  (it then repeats the cursor the page started from). For bounded reads it is null at the end. */
  next: string | null;
}

/** A {@link LogPage} whose events are still their stored JSON texts. */
export interface JsonPage {
  json: string[];
  next: string | null;
}

export interface LogEventRepo {
  /** Appends in order, giving each event the next number of a gap-free persistence sequence.
   *  Must run inside a transaction; concurrent appenders are serialised so commit order = sequence order. */
  append(events: readonly LogEvent[], persistedAt: string): Promise<void>;
  /** {@link append} for events already turned into rows (core/log-rows.ts), e.g. on another thread. */
  appendRows(rows: readonly LogRow[], persistedAt: string): Promise<void>;
  query(query: LogQuery): Promise<LogPage>;
  /** The same page as the events' stored JSON texts, for answering `GET /api/v1/logs` without parsing
   *  and re-serialising every event. */
  queryJson(query: LogQuery): Promise<JsonPage>;
  count(): Promise<number>;
  /** Up to `limit` events with a persistence sequence number above `seq`, in sequence order, each with
   *  its number: the durable cursor event-hook delivery and log streaming read from. */
  readAfter(seq: number, limit: number): Promise<SequencedLogEvent[]>;
  /** The highest sequence number committed so far (0 for an empty log). */
  highWater(): Promise<number>;
  /** Deletes up to `limit` of the oldest events published before `before` (ISO), with their targets
   *  and tokens, in one transaction; returns how many. Retention calls it in small batches. */
  purgeBefore(before: string, limit: number): Promise<number>;
}

/** A LogEvent with its place in the gap-free persistence sequence. */
export interface SequencedLogEvent {
  seq: number;
  event: LogEvent;
}

export interface OrgSettingsRepo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /**
   * Sets `value` only if the setting is still `expected` (undefined: there is none yet), in one
   * statement; false when another writer changed it first. Of concurrent swaps from one value, in one
   * process or several, exactly one wins.
   */
  swap(key: string, expected: string | undefined, value: string): Promise<boolean>;
}

export interface AppListQuery {
  /** Label prefix, case-insensitive (`q=`). */
  labelPrefix?: string;
  status?: AppRecord['status'];
  limit: number;
  /** Cursor = last app id. */
  after?: string;
}

export interface AppRepo {
  insert(app: AppRecord): Promise<void>;
  update(app: AppRecord): Promise<void>;
  /** Deletes the app with its assignments, scope grants, consents and client roles. */
  delete(id: string): Promise<void>;
  findById(id: string): Promise<AppRecord | undefined>;
  /** In id order. */
  list(query: AppListQuery): Promise<Page<AppRecord>>;
  /** Throws UniqueViolation('app_user') if already assigned. */
  assignUser(assignment: AppUserRecord): Promise<void>;
  unassignUser(appId: string, userId: string): Promise<boolean>;
  findAssignment(appId: string, userId: string): Promise<AppUserRecord | undefined>;
  /** In user-id order; cursor = last user id. */
  listAssignments(appId: string, limit: number, after?: string): Promise<Page<AppUserRecord>>;
  /** Removes every assignment of the user (user deletion); returns the app ids. */
  unassignUserFromAll(userId: string): Promise<string[]>;
  /** Throws UniqueViolation('app_scope_grant') when the app already has that scope. */
  insertScopeGrant(grant: AppScopeGrantRecord): Promise<void>;
  /** In scope-id order. */
  listScopeGrants(appId: string): Promise<AppScopeGrantRecord[]>;
  findScopeGrant(appId: string, grantId: string): Promise<AppScopeGrantRecord | undefined>;
  deleteScopeGrant(appId: string, grantId: string): Promise<boolean>;
  /** Throws UniqueViolation('client_role') when the app already has that role type. */
  insertClientRole(role: ClientRoleRecord): Promise<void>;
  /** In id order. */
  listClientRoles(clientId: string): Promise<ClientRoleRecord[]>;
  findClientRole(clientId: string, roleId: string): Promise<ClientRoleRecord | undefined>;
  deleteClientRole(clientId: string, roleId: string): Promise<boolean>;
}

export interface ConsentRepo {
  /** Throws UniqueViolation('consent') for a second consent to the same (user, client, scope). */
  insert(consent: ConsentRecord): Promise<void>;
  findById(id: string): Promise<ConsentRecord | undefined>;
  /** In (clientId, scopeId) order; only one client's when given. */
  listForUser(userId: string, clientId?: string): Promise<ConsentRecord[]>;
  delete(id: string): Promise<boolean>;
  /** Removes the user's consents (to one client when given); returns what was removed. */
  deleteForUser(userId: string, clientId?: string): Promise<ConsentRecord[]>;
}

/**
 * One stored oidc-provider model instance (AccessToken, RefreshToken, AuthorizationCode, Grant, Session,
 * Interaction, …). The oauth/ adapter digests ids of secrets before they reach the store, so a leaked
 * table holds no usable token; the columns besides the payload exist so that revocation by user, grant
 * or client is one indexed statement.
 */
export interface OAuthArtifact {
  kind: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  /** The user (oidc-provider accountId) the artifact belongs to. */
  userId: string | null;
  clientId: string | null;
  /** Session uid. */
  uid: string | null;
  userCode: string | null;
  /** ISO time after which the artifact is dead; null for none. */
  expiresAt: string | null;
  consumedAt: string | null;
}

/** What a bearer request needs to know about its access token, read in one round trip. */
export interface BearerCredential {
  token: OAuthArtifact;
  /** undefined for client-credentials tokens and when the user no longer exists. */
  user: UserRecord | undefined;
  /** Active admin role types of the user. */
  userRoles: RoleType[];
  /** undefined when the app no longer exists. */
  app: AppRecord | undefined;
  /** Admin role types of the app itself (service apps). */
  appRoles: RoleType[];
}

export interface OAuthArtifactRepo {
  /** Inserts or replaces (kind, id). */
  upsert(artifact: OAuthArtifact): Promise<void>;
  /** Inserts (kind, id) unless a live one is stored (not expired at `now`); an expired one is replaced.
   *  Returns false when a live one was there: of concurrent claimers of one id, exactly one gets true
   *  (a client assertion's replay record, so each assertion is accepted once). */
  claim(artifact: OAuthArtifact, now: string): Promise<boolean>;
  find(kind: string, id: string): Promise<OAuthArtifact | undefined>;
  findByUid(kind: string, uid: string): Promise<OAuthArtifact | undefined>;
  findByUserCode(kind: string, userCode: string): Promise<OAuthArtifact | undefined>;
  /** Marks the artifact consumed (codes, rotated refresh tokens); `find` then shows `payload.consumed`.
   *  Returns false when it was consumed already (or is gone): only one consumer ever gets true. */
  consume(kind: string, id: string, at: string): Promise<boolean>;
  destroy(kind: string, id: string): Promise<void>;
  /** Deletes every artifact of the grant, the Grant itself included; returns how many. */
  revokeByGrantId(grantId: string): Promise<number>;
  /** Deletes the user's artifacts of the given kinds (at one client when given); returns the distinct
   *  grant ids they belonged to. */
  deleteForUser(userId: string, kinds: readonly string[], clientId?: string): Promise<string[]>;
  /** Deletes every artifact of a client (deactivation kills its tokens); returns how many. */
  deleteForClient(clientId: string): Promise<number>;
  /** The org AS access token (kind AccessToken, or ClientCredentials for a client-credentials grant)
   *  with its user, the user's roles, its app and the app's roles, in one query. */
  findBearer(id: string): Promise<BearerCredential | undefined>;
  /** Deletes up to `limit` artifacts that expired before `before`; returns how many. */
  purgeExpired(before: string, limit: number): Promise<number>;
}

/**
 * Event hooks (okta-api.md §12): their settings, written by the admin API, and their delivery state,
 * written only by the dispatcher holding the hook's lease. The two are separate writes, so neither
 * overwrites the other.
 */
export interface EventHookRepo {
  /** Inserts the hook with its delivery state (`hook.delivery`, whose cursor is usually the log's high water). */
  insert(hook: EventHookRecord): Promise<void>;
  /** Writes the hook's settings and statuses; its delivery state is left as it is. */
  update(hook: EventHookRecord): Promise<void>;
  delete(id: string): Promise<boolean>;
  findById(id: string): Promise<EventHookRecord | undefined>;
  /** Inside a transaction: reads the hook and locks it until commit (PostgreSQL `FOR UPDATE`). */
  lockById(id: string): Promise<EventHookRecord | undefined>;
  /** Every hook, in id order (Okta's list is not paginated). */
  list(): Promise<EventHookRecord[]>;
  countActive(): Promise<number>;
  /** Hooks that receive events (ACTIVE and VERIFIED), in id order. */
  listDeliverable(): Promise<EventHookRecord[]>;
  /** Replaces the delivery state outright (the cursor may move back or forward), e.g. when a hook starts
   *  receiving events again and begins at the log's current high water. */
  resetDelivery(id: string, delivery: EventHookDelivery): Promise<void>;
  /**
   * Takes or renews the hook's delivery lease for `owner` until `until`: one conditional update, so
   * among processes sharing the database exactly one holds a hook at a time. Succeeds only when the
   * lease is free, expired or already `owner`'s, the hook is deliverable and no retry is scheduled
   * after `now`. Returns the hook as it is now, or undefined when not taken.
   */
  acquireLease(id: string, owner: string, now: string, until: string): Promise<EventHookRecord | undefined>;
  /**
   * Writes the delivery state and extends the lease to `until`, if `owner` still holds the lease. The
   * cursor never moves back here (a concurrent reset may have moved it forward). Returns false when
   * the lease was lost (nothing written).
   */
  saveDelivery(id: string, owner: string, delivery: EventHookDelivery, until: string): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(id: string, owner: string): Promise<void>;
}

export interface WorkflowConnectionQuery {
  /** Only connections whose tokens act as this user (`authorizedBy.userId`). */
  authorizedBy?: string;
  limit: number;
  /** Cursor: the id of the last connection of the previous page (pages are in id order). */
  after?: string;
}

/** Workflows connections (core/workflows/connection.ts) and their authorizations in progress. */
/** The fields of a connection a write may change; the rest are set once, at insert. */
export type ConnectionChanges = Partial<
  Pick<ConnectionRecord, 'nickname' | 'grantedScopes' | 'authorizedBy' | 'authorizedAt' | 'status' | 'statusReason' | 'lastError' | 'tokensSealed' | 'lastUpdated'>
>;

/** What a conditional write expects of the stored connection; absent members are not checked. */
export interface ConnectionExpectation {
  /** The stored status is one of these. */
  status?: readonly ConnectionStatus[];
  /**
   * The stored sealed tokens are exactly these (null: it has none). Every seal has a fresh nonce, so the
   * sealed text names one generation of tokens: a consent, a refresh or a revocation replaces it.
   */
  tokensSealed?: string | null;
}

export interface WorkflowConnectionRepo {
  insert(connection: ConnectionRecord): Promise<void>;
  findById(id: string): Promise<ConnectionRecord | undefined>;
  list(query: WorkflowConnectionQuery): Promise<Page<ConnectionRecord>>;
  /**
   * Writes only `changes`, and only if the stored row still matches `expect`, in one statement; false
   * when it did not (or there is no such connection). Columns not named are left as they are, so
   * concurrent writers of other fields (a use, a refresh, a failure) never undo one another.
   */
  updateIf(id: string, expect: ConnectionExpectation, changes: ConnectionChanges): Promise<boolean>;
  /** Moves `lastUsedAt` forward to `at` (never back), touching no other column. */
  recordUse(id: string, at: string): Promise<void>;
  /** Deletes the connection and its pending authorizations; false when there was none. */
  delete(id: string): Promise<boolean>;
  /**
   * Inside a transaction: holds these connections' rows until it ends and returns the ids that exist.
   * Deleting a connection and turning on a flow that uses it both take this lock first, so one of them
   * sees the other's commit (services/workflow-connections.ts). `FOR UPDATE` in id order on PostgreSQL
   * (no deadlock between two lockers of overlapping sets); SQLite write transactions are already one at a time.
   */
  lockExisting(ids: readonly string[]): Promise<string[]>;
  /**
   * Takes the connection's refresh lease until `until` if no unexpired lease is held (at `now`), so that
   * one caller in any process refreshes its tokens at a time: two refreshes with one refresh token would
   * trip the org's reuse detection and revoke the grant. True when taken.
   */
  claimRefresh(id: string, now: string, until: string): Promise<boolean>;
  /** Gives the lease taken until `until` back; a lease someone else took since (ours expired) is left alone. */
  releaseRefresh(id: string, until: string): Promise<void>;
  insertAuthorization(pending: PendingAuthorization): Promise<void>;
  /**
   * Removes and returns the pending authorization with this state hash if it has not expired at `now`
   * (single use: a second take of the same state finds nothing).
   */
  takeAuthorization(stateHash: string, now: string): Promise<PendingAuthorization | undefined>;
  /** Deletes pending authorizations that have expired at `now` (those takeAuthorization refuses); returns how many. */
  purgeAuthorizations(now: string): Promise<number>;
}

export interface WorkflowFlowQuery {
  limit: number;
  /** Cursor: the id of the last flow of the previous page (pages are in id order). */
  after?: string;
  /** Only flows whose latest version uses this connection. */
  connectionId?: string;
}

/** Workflows flows and their versions (core/workflows/flow.ts). */
export interface WorkflowFlowRepo {
  /** Inserts a new flow with its first version. Throws UniqueViolation('flow_alias') when the alias is taken. */
  insert(flow: FlowRecord, version: FlowVersionRecord): Promise<void>;
  findById(id: string): Promise<FlowRecord | undefined>;
  /** The flow whose API endpoint alias this is. */
  findByAlias(alias: string): Promise<FlowRecord | undefined>;
  list(query: WorkflowFlowQuery): Promise<Page<FlowRecord>>;
  /** Active flows of one trigger type (schedules and event triggers are found this way). */
  listActive(triggerType: FlowRecord['triggerType']): Promise<FlowRecord[]>;
  /** Replaces the stored flow (not its versions); false when there is none. Throws UniqueViolation('flow_alias'). */
  update(flow: FlowRecord): Promise<boolean>;
  insertVersion(version: FlowVersionRecord): Promise<void>;
  findVersion(flowId: string, version: number): Promise<FlowVersionRecord | undefined>;
  /** Newest first. */
  listVersions(flowId: string): Promise<FlowVersionRecord[]>;
  /** Deletes the flow, its versions and its executions; false when there was none. */
  delete(id: string): Promise<boolean>;
}

export interface WorkflowExecutionQuery {
  /** One flow's executions; every flow's when absent (the console's execution history). */
  flowId?: string;
  /** Only executions in this status. */
  status?: ExecutionStatus;
  limit: number;
  /** Cursor from the previous page; pages are newest first. */
  after?: string;
}

/** Flow executions (core/workflows/execution.ts): durable rows claimed by workers. */
export interface WorkflowExecutionRepo {
  insert(execution: ExecutionRecord): Promise<void>;
  /**
   * Inserts an Okta event run unless the flow already has one for that LogEvent (`trigger.eventId`; event
   * hooks deliver at least once); true when inserted.
   */
  insertEventRun(execution: ExecutionRecord): Promise<boolean>;
  findById(id: string): Promise<ExecutionRecord | undefined>;
  list(query: WorkflowExecutionQuery): Promise<Page<ExecutionRecord>>;
  /**
   * Claims the oldest QUEUED execution for `workerId` (RUNNING, startedAt = now, lease until `until`),
   * or returns undefined. Concurrent claimers never get the same one (SKIP LOCKED on PostgreSQL).
   */
  claimNext(workerId: string, now: string, until: string): Promise<ExecutionRecord | undefined>;
  /** Claims this QUEUED execution (a synchronous API-endpoint run); false when it is not QUEUED any more. */
  claim(id: string, workerId: string, now: string, until: string): Promise<boolean>;
  /** Extends the lease of a RUNNING execution its worker still holds; false when it does not. */
  renewLease(id: string, workerId: string, until: string): Promise<boolean>;
  /**
   * Stores the final state (status, input as history keeps it, output, error, cards, finishedAt) of a RUNNING execution held by
   * `workerId`, clearing the claim; false when the worker no longer holds it (cancelled, or its lease
   * expired and it was failed).
   */
  finish(execution: ExecutionRecord, workerId: string): Promise<boolean>;
  /**
   * Replaces the card history of a RUNNING execution held by `workerId` (a checkpoint while it runs,
   * already cut down to what history keeps); false when the worker no longer holds it (finished,
   * cancelled, failed as interrupted, or claimed by another worker), and then nothing is written.
   */
  saveCards(id: string, workerId: string, cards: readonly CardRun[]): Promise<boolean>;
  /** QUEUED or RUNNING → CANCELLED at `at`; false when the execution had already ended (or is unknown). */
  cancel(id: string, at: string): Promise<boolean>;
  /**
   * Replaces the input of an execution that has ended (cancelled, failed as interrupted) with what history
   * keeps of it; false when it has not ended (a queued or running execution still needs its input).
   */
  replaceInput(id: string, input: Record<string, unknown> | null): Promise<boolean>;
  /**
   * RUNNING executions whose lease ended before `now` become FAILED with `error` (their process died);
   * returns their ids.
   */
  failExpired(now: string, error: { message: string; code: string }): Promise<string[]>;
  /** Deletes finished executions that finished before `before`; returns how many. */
  purgeFinished(before: string): Promise<number>;
  /** Deletes every finished execution of one flow (an admin clearing its history); returns how many. */
  clearFinished(flowId: string): Promise<number>;
}

export interface Repositories {
  users: UserRepo;
  apps: AppRepo;
  consents: ConsentRepo;
  oauth: OAuthArtifactRepo;
  groups: GroupRepo;
  roles: RoleRepo;
  apiTokens: ApiTokenRepo;
  sessions: SessionRepo;
  logEvents: LogEventRepo;
  settings: OrgSettingsRepo;
  eventHooks: EventHookRepo;
  workflowConnections: WorkflowConnectionRepo;
  workflowFlows: WorkflowFlowRepo;
  workflowExecutions: WorkflowExecutionRepo;
}

export interface Store extends Repositories {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one database transaction; everything it writes commits or rolls back together. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after every commit that appended LogEvents through this store (in this process).
   * A wake-up only, carrying nothing: readers then read from their own durable cursor
   * ({@link LogEventRepo.readAfter}), so a missed or coalesced call loses nothing. Returns the
   * unsubscribe function.
   */
  onLogAppended(listener: () => void): () => void;
  close(): Promise<void>;
}
