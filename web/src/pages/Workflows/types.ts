/**
 * The Workflows API's shapes as the console reads them (docs/workflows.md). The console may not import
 * the server's types (web/ talks to the HTTP API only), so these list just the fields the pages use.
 */

export interface FieldDef {
  key: string;
  type: string;
}

/** A card input: a constant or a reference to an earlier card's output, with an optional conversion. */
export type InputValue = { value: unknown } | { ref: string; convert?: string };

export interface Condition {
  a: InputValue;
  op: string;
  b?: InputValue;
  type?: string;
}

/** One card of a definition; containers carry their sections (then/else, cases, try/ifError). */
export interface CardDef {
  id: string;
  type: string;
  title?: string;
  connectionId?: string;
  inputs?: Record<string, InputValue>;
  outputs?: FieldDef[];
  errorHandling?: { retry: number; retryDelayMs: number; then: string; flowId?: string; values?: Record<string, InputValue> };
  flowId?: string;
  condition?: Condition;
  then?: CardDef[];
  else?: CardDef[];
  cases?: { condition: Condition; cards: CardDef[] }[];
  try?: CardDef[];
  ifError?: CardDef[];
}

export interface TriggerDef {
  id: string;
  type: string;
  event?: string;
  connectionId?: string;
  filter?: string;
  security?: string;
  alias?: string;
  inputs?: FieldDef[];
  schedule?: { frequency: string; interval?: number; time?: string; timezone?: string; daysOfWeek?: number[]; dayOfMonth?: number };
}

export interface FlowDefinition {
  schemaVersion: string;
  name: string;
  description?: string;
  kind: 'main' | 'helper';
  saveExecutionData: boolean;
  trigger: TriggerDef;
  cards: CardDef[];
}

export interface ScopeWarning {
  path: string;
  cardId: string | null;
  connectionId: string;
  missingScopes: string[];
  message: string;
}

export interface Flow {
  id: string;
  name: string;
  kind: 'main' | 'helper';
  active: boolean;
  version: number;
  triggerType: string;
  alias: string | null;
  invokeUrl: string | null;
  connectionIds: string[];
  created: string;
  lastUpdated: string;
  definition: FlowDefinition;
  _keyflow: { warnings: ScopeWarning[] };
}

/** A card type of the catalogue, `GET /workflows/api/v1/cards`. */
export interface CardType {
  type: string;
  title: string;
  category: string;
  connection: 'required' | 'optional' | 'none';
  requiredScopes: string[];
  inputs: Record<string, { type: string; required?: boolean }>;
  outputs: FieldDef[];
}

export interface Connection {
  id: string;
  nickname: string;
  status: string;
}

export interface ExecutionError {
  message: string;
  code: number | string;
  method: string;
  errorCode?: string | null;
  raw?: unknown;
}

export interface CardRun {
  cardId: string;
  type: string;
  title: string;
  status: string;
  startedAt: string;
  durationMs: number;
  attempts: number;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: ExecutionError;
  httpStatus?: number;
  requestIds?: string[];
}

export interface Execution {
  id: string;
  flowId: string;
  flowVersion: number;
  status: string;
  trigger: { type: string; userId?: string; eventId?: string; parentExecutionId?: string; retryOf?: string };
  input: Record<string, unknown> | null;
  output: Record<string, unknown> | null;
  error: ExecutionError | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  cards: CardRun[];
}

export const EXECUTION_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'HALTED', 'CANCELLED'] as const;
export const FINAL_STATUSES: readonly string[] = ['SUCCEEDED', 'FAILED', 'HALTED', 'CANCELLED'];

export const FLOWS_API = '/workflows/api/v1/flows';
export const EXECUTIONS_API = '/workflows/api/v1/executions';
