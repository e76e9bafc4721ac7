import type { ConnectionAuthorizer, ConnectionError, ConnectionStatus } from '../../core/workflows/connection.js';
import type { CardRun, ExecutionError, ExecutionStatus, ExecutionTrigger } from '../../core/workflows/execution.js';
import type { FlowDefinition, TriggerType } from '../../core/workflows/flow-definition.js';

/**
 * What the Workflows API answers, as the CLI reads it (src/workflows/routes/connection-presenter.ts and
 * flow-presenters.ts list the fields). Statuses and card runs are core's vocabularies, so a new status
 * breaks the build where the CLI describes it.
 */
export interface ConnectionView {
  id: string;
  connector: string;
  nickname: string;
  orgUrl: string;
  clientId: string;
  scopes: string[];
  grantedScopes: string[];
  status: ConnectionStatus;
  statusReason: string | null;
  lastError: ConnectionError | null;
  authorizedBy: ConnectionAuthorizer | null;
  authorizedAt: string | null;
  lastUsedAt: string | null;
  createdBy: string;
  created: string;
  lastUpdated: string;
  usage: { flows: { id: string; name: string; active: boolean }[] };
}

/** `POST /workflows/api/v1/connections`: the connection and the URL its authorizing person opens. */
export interface CreatedConnection extends ConnectionView {
  authorizeUrl: string;
}

/** `POST /workflows/api/v1/connections/{id}/test`. */
export interface ConnectionTest {
  ok: boolean;
  /** HTTP status of the test call (0 when no call could be made). */
  status: number;
  error: ConnectionError | null;
  connection: ConnectionView;
}

export interface FlowView {
  id: string;
  name: string;
  kind: 'main' | 'helper';
  active: boolean;
  version: number;
  triggerType: TriggerType;
  alias: string | null;
  invokeUrl: string | null;
  connectionIds: string[];
  createdBy: string;
  created: string;
  lastUpdated: string;
  definition: FlowDefinition;
}

export interface ExecutionView {
  id: string;
  flowId: string;
  flowVersion: number;
  status: ExecutionStatus;
  trigger: ExecutionTrigger;
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  error: ExecutionError | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  cards: CardRun[];
}
