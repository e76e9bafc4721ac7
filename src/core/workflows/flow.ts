import type { FlowDefinition, TriggerType } from './flow-definition.js';

/** A saved flow: its latest definition and what the engine needs to find it quickly. */
export interface FlowRecord {
  /** `wff…` */
  id: string;
  name: string;
  kind: 'main' | 'helper';
  /** Only active main flows fire on events, schedules and API calls; helpers run when called. */
  active: boolean;
  /** The latest version's number (1 for a new flow); each save adds one. */
  version: number;
  definition: FlowDefinition;
  triggerType: TriggerType;
  /** API endpoint flows: the alias in the invoke URL. */
  alias: string | null;
  /** API endpoint flows secured with a client token: the token, sealed (an admin can read it again, as in Okta). */
  clientTokenSealed: string | null;
  /** Connections the latest version uses (its cards' and trigger's `connectionId`s): the connection's usage. */
  connectionIds: string[];
  createdBy: string;
  created: string;
  lastUpdated: string;
}

/** One saved version of a flow; executions pin the version they ran. */
export interface FlowVersionRecord {
  flowId: string;
  version: number;
  definition: FlowDefinition;
  savedBy: string;
  savedAt: string;
}
