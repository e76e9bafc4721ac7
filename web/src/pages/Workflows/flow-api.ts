import { ApiCallError, apiGetAll, apiSend } from '../../api';
import type { Session } from '../../auth';
import { FLOWS_API, type Connection, type Flow } from './types';

/** Turns a flow on or off; a refusal (a missing scope, connection or helper flow) throws the org's 400. */
export async function setActive(session: Session, flow: Flow, active: boolean): Promise<Flow> {
  return (await apiSend<Flow>(session, 'POST', `${FLOWS_API}/${encodeURIComponent(flow.id)}/${active ? 'activate' : 'deactivate'}`))!;
}

/** The org's words for a refused call, as a list: Okta's errorSummary then each cause it does not already say. */
export function refusal(err: unknown): string[] {
  if (err instanceof ApiCallError && err.status !== 401 && err.oktaMessages.length > 0) return [...err.oktaMessages];
  return [err instanceof Error ? err.message : 'Something went wrong.'];
}

/** Every connection, by id, for showing nicknames; empty (ids shown instead) when they cannot be read. */
export async function connectionsById(session: Session): Promise<Map<string, Connection>> {
  try {
    return new Map((await apiGetAll<Connection>(session, '/workflows/api/v1/connections?limit=200')).map((c) => [c.id, c]));
  } catch {
    return new Map();
  }
}
