/**
 * Okta's LogEvent (okta-api.md §3), exactly as `GET /api/v1/logs` returns it. All fields are always
 * present; absent values are null, as in Okta's payloads.
 */
export type Severity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type OutcomeResult = 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'UNKNOWN';

export interface LogActor {
  id: string;
  type: string;
  alternateId: string | null;
  displayName: string | null;
  detailEntry: Record<string, unknown> | null;
}

export interface LogTarget extends LogActor {
  changeDetails?: { from: Record<string, unknown>; to: Record<string, unknown> };
}

export interface LogUserAgent {
  rawUserAgent: string | null;
  os: string;
  browser: string;
}

export interface LogClient {
  userAgent: LogUserAgent | null;
  zone: string | null;
  device: string | null;
  id: string | null;
  ipAddress: string | null;
  geographicalContext: null;
}

export interface LogAuthenticationContext {
  authenticationProvider: string | null;
  credentialProvider: string | null;
  credentialType: string | null;
  issuer: { id: string; type: string } | null;
  interface: string | null;
  authenticationStep: 0;
  externalSessionId: string | null;
}

export interface LogIpAddress {
  ip: string;
  geographicalContext: null;
  version: 'V4' | 'V6';
  source: string | null;
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: '0';
  severity: Severity;
  legacyEventType: string | null;
  displayMessage: string | null;
  actor: LogActor;
  client: LogClient | null;
  device: null;
  authenticationContext: LogAuthenticationContext;
  outcome: { result: OutcomeResult; reason: string | null };
  target: LogTarget[];
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, unknown> };
  debugContext: { debugData: Record<string, unknown> };
  securityContext: { asNumber: null; asOrg: null; isp: null; domain: null; isProxy: null };
  request: { ipChain: LogIpAddress[] };
}
