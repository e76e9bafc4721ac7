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

/** Where an IP address is (okta-api.md §3.2). Keyflow does not geolocate, so the events it writes carry
 *  null; events imported or generated (`keyflow logs seed`) may carry a place. */
export interface LogGeographicalContext {
  city: string | null;
  state: string | null;
  country: string | null;
  postalCode: string | null;
  geolocation: { lat: number; lon: number } | null;
}

export interface LogClient {
  userAgent: LogUserAgent | null;
  zone: string | null;
  device: string | null;
  id: string | null;
  ipAddress: string | null;
  geographicalContext: LogGeographicalContext | null;
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

/** The network an IP address belongs to (okta-api.md §3.8); null throughout in the events Keyflow writes. */
export interface LogSecurityContext {
  asNumber: number | null;
  asOrg: string | null;
  isp: string | null;
  domain: string | null;
  isProxy: boolean | null;
}

export interface LogIpAddress {
  ip: string;
  geographicalContext: LogGeographicalContext | null;
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
  securityContext: LogSecurityContext;
  request: { ipChain: LogIpAddress[] };
}
