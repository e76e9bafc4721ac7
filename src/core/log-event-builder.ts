import { EVENT_SEVERITY, EVENT_TYPES, type EventType } from './event-types.js';
import type { LogActor, LogEvent, LogTarget, OutcomeResult } from './log-event.js';
import type { Principal, RequestContext } from './principal.js';
import { displayNameOf, type UserRecord } from './user.js';
import type { GroupRecord } from './records.js';
import type { AppRecord } from './apps.js';

/** The actor of system-initiated changes (start-up, `keyflow init`), as Okta prints it. */
export const SYSTEM_ACTOR: LogActor = {
  id: 'system@okta.com',
  type: 'SystemPrincipal',
  alternateId: 'system@okta.com',
  displayName: 'Okta System',
  detailEntry: null,
};

/** A user as an actor or a target: same fields (okta-api.md §3.1, §3.5). */
export function userActor(user: Pick<UserRecord, 'id' | 'profile'>): LogActor {
  return {
    id: user.id,
    type: 'User',
    alternateId: String(user.profile.login ?? ''),
    displayName: displayNameOf(user),
    detailEntry: null,
  };
}

export const userTarget: (user: Pick<UserRecord, 'id' | 'profile'>) => LogTarget = userActor;

/** Groups have no alternate id in Okta's events: it is printed as the string "unknown" (okta-api.md §3.5). */
export function groupTarget(group: Pick<GroupRecord, 'id' | 'name'>): LogTarget {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.name, detailEntry: null };
}

/** Okta prints an app instance target with its label as both alternate id and display name. */
export function appTarget(app: Pick<AppRecord, 'id' | 'label'>): LogTarget {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null };
}

/**
 * The actor a credential speaks for (architecture.md "Attribution rule"): the consenting user of an
 * OAuth grant or the creator of an SSWS token, or the app itself for client-credentials tokens.
 */
export function principalActor(principal: Principal | null): LogActor {
  if (principal?.user) return userActor(principal.user);
  if (principal?.client) {
    return {
      id: principal.client.id,
      type: 'PublicClientApp',
      alternateId: principal.client.id,
      displayName: principal.client.name,
      detailEntry: null,
    };
  }
  return SYSTEM_ACTOR;
}

export interface EventSpec {
  eventType: EventType;
  targets?: LogTarget[];
  outcome?: { result: OutcomeResult; reason?: string | null };
  /** Overrides the actor derived from the request's principal (e.g. the token owner on a refused call). */
  actor?: LogActor;
  /** Extra debugData keys (lowerCamelCase, okta-api.md §3.7). */
  debugData?: Record<string, unknown>;
  /** The OAuth client the event happened for when the request's principal does not name it (the
   *  hosted sign-in and consent pages act for an authorization request of that client). */
  clientId?: string;
}

/**
 * Builds a complete LogEvent from the request context. The uuid and time come in as arguments so that
 * core stays pure and tests can pin them.
 */
export function buildLogEvent(ctx: RequestContext, spec: EventSpec, uuid: string, published: string): LogEvent {
  const meta = EVENT_TYPES[spec.eventType];
  const principal = ctx.principal;
  const detail: Record<string, unknown> =
    principal?.via === 'SSWS' ? { requestApiTokenId: principal.tokenId } : {};
  const debugData: Record<string, unknown> = {
    requestId: ctx.requestId,
    requestUri: ctx.requestUri,
    url: ctx.url,
    threatSuspected: 'false',
    ...spec.debugData,
  };
  if (principal?.via === 'OAUTH2') {
    if (principal.grantId) debugData.grantId = principal.grantId;
    if (principal.scopes) debugData.grantedScopes = principal.scopes.join(', ');
  }
  const trace = ctx.workflowTrace;
  if (trace?.flowId) debugData.workflowsFlowId = trace.flowId;
  if (trace?.executionId) debugData.workflowsExecutionId = trace.executionId;
  if (trace?.cardId) debugData.workflowsCardId = trace.cardId;
  const ip = ctx.client.ipAddress;
  return {
    uuid,
    published,
    eventType: spec.eventType,
    version: '0',
    severity: EVENT_SEVERITY[spec.eventType] ?? 'INFO',
    legacyEventType: meta.legacyEventType,
    displayMessage: meta.displayMessage,
    actor: spec.actor ?? principalActor(principal),
    client: {
      userAgent: { rawUserAgent: ctx.client.rawUserAgent, os: ctx.client.os, browser: ctx.client.browser },
      zone: 'null',
      device: ctx.client.device,
      id: spec.clientId ?? principal?.client?.id ?? null,
      ipAddress: ip,
      geographicalContext: null,
    },
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: principal?.via === 'OAUTH2' ? 'OAuth 2.0' : null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: principal ? externalSessionId(principal) : null,
    },
    outcome: { result: spec.outcome?.result ?? 'SUCCESS', reason: spec.outcome?.reason ?? null },
    target: spec.targets ?? [],
    transaction: { type: ctx.transactionType, id: ctx.requestId, detail },
    debugContext: { debugData },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    request: {
      ipChain: ip
        ? [
            { ip, geographicalContext: null, version: ctx.client.ipVersion, source: null },
            ...ctx.client.proxies.map((p) => ({
              ip: p,
              geographicalContext: null,
              version: (p.includes(':') ? 'V6' : 'V4') as 'V4' | 'V6',
              source: null,
            })),
          ]
        : [],
    },
  };
}

/**
 * Okta records API-token calls under a `trs…` session id per token and client-credentials calls under
 * "unknown" (okta-api.md §3.3); Keyflow derives the `trs` id from the token id so that one token's calls
 * group together.
 */
function externalSessionId(principal: Principal): string {
  if (principal.via === 'SSWS') return `trs${principal.tokenId.slice(3)}`;
  return principal.grantId ?? 'unknown';
}

/** Context for work not started by an HTTP request (start-up, CLI init). */
export function jobContext(requestId: string): RequestContext {
  return {
    requestId,
    requestUri: '',
    url: '',
    client: { ipAddress: null, ipVersion: 'V4', proxies: [], rawUserAgent: null, os: 'Unknown', browser: 'UNKNOWN', device: 'Unknown' },
    principal: null,
    transactionType: 'JOB',
  };
}
