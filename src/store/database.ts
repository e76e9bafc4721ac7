import type { ColumnType } from 'kysely';

/**
 * The tables as Kysely sees them. One shape serves both dialects; where they differ the column type says
 * what each driver hands back (see `dialect.ts` for the conversions).
 */

/** A JSON column: text on SQLite, jsonb on PostgreSQL. Written as JSON text; read as text (SQLite) or a
 *  parsed value (pg parses jsonb). Use {@link SqlDialect.readJson} to get the value. */
export type JsonColumn = ColumnType<unknown, string, string>;

/** A {@link JsonColumn} that may be SQL NULL (a null field is NULL, never the JSON `null`). */
export type NullableJsonColumn = ColumnType<unknown, string | null, string | null>;

/** A log timestamp: ISO text on SQLite, timestamptz on PostgreSQL. Always written as an ISO string. */
export type LogTimestamp = ColumnType<string | Date, string, never>;

export interface UsersTable {
  id: string;
  status: string;
  /** The login as given. */
  login: string;
  /** `normalizeLogin(login)`, the unique key (logins are unique case-insensitively). */
  login_normalized: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  created: string;
  activated: string | null;
  status_changed: string | null;
  last_login: string | null;
  last_updated: string;
  password_changed: string | null;
  type_id: string;
  password_hash: string | null;
  recovery_question: string | null;
  recovery_answer_hash: string | null;
  provider_type: string;
  provider_name: string;
  /** The whole profile, hot attributes included, so a read needs no reassembly. */
  profile: JsonColumn;
}

export interface GroupsTable {
  id: string;
  type: string;
  name: string;
  /** Case-folded name: OKTA_GROUP names are unique case-insensitively. */
  name_normalized: string;
  description: string | null;
  created: string;
  last_updated: string;
  last_membership_updated: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  created: string;
}

export interface RoleAssignmentsTable {
  id: string;
  user_id: string;
  type: string;
  status: string;
  created: string;
  last_updated: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  user_id: string;
  token_hash: string;
  client_name: string;
  created: string;
  last_updated: string;
  last_used: string;
  revoked_at: string | null;
  revoked_by_event: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  login: string;
  created_at: string;
  expires_at: string;
  status: string;
  last_password_verification: string | null;
  last_factor_verification: string | null;
  amr: JsonColumn;
  idp_type: string;
}

export interface OrgSettingsTable {
  key: string;
  value: string;
}

export interface LogEventsTable {
  /** The gap-free persistence sequence (1, 2, 3, …), allocated from `log_sequence`. */
  seq: number;
  uuid: string;
  published: LogTimestamp;
  persisted_at: LogTimestamp;
  event_type: string;
  actor_id: string | null;
  outcome_result: string | null;
  client_ip: string | null;
  user_agent: string | null;
  transaction_id: string | null;
  severity: string;
  /** The complete LogEvent. */
  data: JsonColumn;
}

export interface LogEventTargetsTable {
  seq: number;
  idx: number;
  target_id: string;
  target_type: string;
  /** The event's `published`, so target lookups can be narrowed to a time window. */
  published: LogTimestamp;
}

/** One row holding the last persistence sequence number handed out. */
export interface LogSequenceTable {
  /** Always 1 (a check constraint keeps the table to one row). */
  id: number;
  value: number;
}

export interface AppsTable {
  id: string;
  label: string;
  /** The label case-folded in JS, for the case-insensitive `q=` prefix search. */
  label_normalized: string;
  status: string;
  application_type: string;
  created: string;
  last_updated: string;
  client_secret_sealed: string | null;
  /** The rest of the AppRecord (the OAuth client settings), as one JSON object. */
  settings: JsonColumn;
}

export interface AppUsersTable {
  app_id: string;
  user_id: string;
  created: string;
  last_updated: string;
}

export interface AppScopeGrantsTable {
  id: string;
  app_id: string;
  scope_id: string;
  issuer: string;
  created: string;
  last_updated: string;
  /** The GrantCreator. */
  created_by: JsonColumn;
}

export interface ConsentsTable {
  id: string;
  user_id: string;
  client_id: string;
  scope_id: string;
  issuer: string;
  created: string;
  last_updated: string;
}

export interface ClientRolesTable {
  id: string;
  client_id: string;
  type: string;
  created: string;
  last_updated: string;
}

/** One oidc-provider model instance; the columns beside `payload` are there to be indexed. */
export interface OAuthArtifactsTable {
  kind: string;
  id: string;
  payload: JsonColumn;
  grant_id: string | null;
  user_id: string | null;
  client_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}

/** An event hook: its settings (written by the admin API) and its delivery state (written by the
 *  dispatcher holding the lease), in one row but never in one write. */
export interface EventHooksTable {
  id: string;
  name: string;
  status: string;
  verification_status: string;
  created: string;
  last_updated: string;
  created_by: string | null;
  /** Description, event types, filters, URI, headers and the auth header's name, as one JSON object. */
  settings: JsonColumn;
  auth_value_sealed: string | null;
  /** The delivery cursor: a System Log persistence sequence number (bigint on PostgreSQL, read as text). */
  delivered_seq: ColumnType<number | string, number, number>;
  delivery_status: string;
  consecutive_failures: number;
  next_attempt_at: string | null;
  last_delivered_at: string | null;
  last_error_at: string | null;
  last_error_status: number | null;
  last_error_message: string | null;
  failure_logged_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
}

/** A Workflows connection; its lists and objects are JSON columns. */
export interface WorkflowConnectionsTable {
  id: string;
  connector: string;
  nickname: string;
  org_url: string;
  client_id: string;
  client_secret_sealed: string | null;
  /** string[] */
  scopes: JsonColumn;
  /** string[] */
  granted_scopes: JsonColumn;
  /** The ConnectionAuthorizer, or NULL. */
  authorized_by: NullableJsonColumn;
  /** `authorized_by.userId`, repeated as a column to be indexed. */
  authorized_by_user_id: string | null;
  authorized_at: string | null;
  status: string;
  status_reason: string | null;
  /** The ConnectionError, or NULL. */
  last_error: NullableJsonColumn;
  last_used_at: string | null;
  tokens_sealed: string | null;
  created_by: string;
  created: string;
  last_updated: string;
  /** Until when one process holds the right to refresh the tokens; NULL when nobody does. */
  refresh_lease_until: string | null;
}

/** A consent in progress, keyed by the hash of its OAuth `state`. */
export interface WorkflowAuthorizationsTable {
  state_hash: string;
  connection_id: string;
  code_verifier_sealed: string;
  requested_by: string;
  purpose: string;
  expires_at: string;
}

/** A Workflows flow: its latest definition and the columns the engine finds it by. */
export interface WorkflowFlowsTable {
  id: string;
  name: string;
  kind: string;
  /** 1 or 0 (an integer on both engines). */
  active: number;
  /** The latest version's number. */
  version: number;
  /** The FlowDefinition of the latest version. */
  definition: JsonColumn;
  trigger_type: string;
  alias: string | null;
  client_token_sealed: string | null;
  /** string[], in the record's order; `workflow_flow_connections` holds the same ids as rows. */
  connection_ids: JsonColumn;
  created_by: string;
  created: string;
  last_updated: string;
}

/** One connection a flow's latest version uses, to find a connection's flows by index. */
export interface WorkflowFlowConnectionsTable {
  flow_id: string;
  connection_id: string;
}

/** One saved version of a flow. */
export interface WorkflowFlowVersionsTable {
  flow_id: string;
  version: number;
  /** The FlowDefinition. */
  definition: JsonColumn;
  saved_by: string;
  saved_at: string;
}

/** One execution of a flow; what it ran on and produced are JSON columns. */
export interface WorkflowExecutionsTable {
  id: string;
  flow_id: string;
  flow_version: number;
  status: string;
  /** The ExecutionTrigger. */
  trigger: JsonColumn;
  /** Record<string, unknown> */
  input: JsonColumn;
  /** Record<string, unknown>, or NULL. */
  output: NullableJsonColumn;
  /** The ExecutionError, or NULL. */
  error: NullableJsonColumn;
  /** CardRun[] */
  cards: JsonColumn;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** The worker holding a RUNNING execution, and until when; NULL otherwise. */
  claimed_by: string | null;
  lease_until: string | null;
  /** The LogEvent uuid of an Okta event run (not of its retries): unique per flow. */
  event_id: string | null;
}

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  role_assignments: RoleAssignmentsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  org_settings: OrgSettingsTable;
  log_events: LogEventsTable;
  log_event_targets: LogEventTargetsTable;
  log_sequence: LogSequenceTable;
  apps: AppsTable;
  app_users: AppUsersTable;
  app_scope_grants: AppScopeGrantsTable;
  consents: ConsentsTable;
  client_roles: ClientRolesTable;
  oauth_artifacts: OAuthArtifactsTable;
  event_hooks: EventHooksTable;
  workflow_connections: WorkflowConnectionsTable;
  workflow_authorizations: WorkflowAuthorizationsTable;
  workflow_flows: WorkflowFlowsTable;
  workflow_flow_connections: WorkflowFlowConnectionsTable;
  workflow_flow_versions: WorkflowFlowVersionsTable;
  workflow_executions: WorkflowExecutionsTable;
}
