import { describe, expect, it } from 'vitest';
import { checkResponse, pathTemplateOf, SPEC_OVERLAYS, validateResponse } from '../support/openapi.js';

/**
 * The OpenAPI response validator that the sdk-* suites run on every body the SDK receives. These tests
 * show that it rejects what Okta's spec rejects, so that a passing conformance check means something.
 */

const user = {
  id: '00ub0oNGTSWTBKOLGLNR',
  status: 'ACTIVE',
  created: '2024-01-01T00:00:00.000Z',
  activated: null,
  statusChanged: null,
  lastLogin: null,
  lastUpdated: '2024-01-01T00:00:00.000Z',
  passwordChanged: null,
  type: { id: 'otyfnjfba4ye7pgjB0g4' },
  profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
  _links: { self: { href: 'https://example.okta.com/api/v1/users/00ub0oNGTSWTBKOLGLNR' } },
};

const role = {
  id: 'ra1b8anIk7rx7em7L0g4',
  label: 'Super Organization Administrator',
  type: 'SUPER_ADMIN',
  status: 'ACTIVE',
  created: '2015-09-06T15:28:47.000Z',
  lastUpdated: '2015-09-06T15:28:47.000Z',
  assignmentType: 'USER',
  _links: { assignee: { href: 'https://example.okta.com/api/v1/users/00ub0oNGTSWTBKOLGLNR' } },
};

const logEvent = {
  uuid: '0626e18a-3d17-40fb-a1f3-094be1f39208',
  published: '2026-03-02T21:15:16.838Z',
  eventType: 'user.lifecycle.deactivate',
  version: '0',
  severity: 'INFO',
  legacyEventType: 'core.user.config.user_deactivated',
  displayMessage: 'Deactivate Okta User',
  actor: { id: '00u1adminAAAAAAAAAA7', type: 'User', alternateId: 'admin@example.com', displayName: 'Ada Admin', detailEntry: null },
  client: { userAgent: { rawUserAgent: 'curl/8.5.0', os: 'Unknown', browser: 'UNKNOWN' }, zone: 'null', device: 'Unknown', id: null, ipAddress: '66.222.111.88', geographicalContext: null },
  authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: 'trs-T02AyaeRDKxyrAUXkV-yg' },
  outcome: { result: 'SUCCESS', reason: null },
  target: [{ id: '00ud384zryL1GFAg30h7', type: 'User', alternateId: 'john@example.com', displayName: 'John Doe', detailEntry: null }],
  transaction: { type: 'WEB', id: 'WiB04-V4MgacZHWciQq8YwAADpA', detail: { requestApiTokenId: '00T94e3cn9kSEO3c51s5' } },
  debugContext: { debugData: { requestId: 'WiB04-V4MgacZHWciQq8YwAADpA' } },
  securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
  request: { ipChain: [{ ip: '66.222.111.88', geographicalContext: null, version: 'V4', source: null }] },
};

const error = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: x (User)', errorLink: 'E0000007', errorId: 'oaeHfmOAx1iRLa0H10DeMz5fQ', errorCauses: [] };

describe('the OpenAPI response validator used by the SDK suites', () => {
  it('maps concrete paths to the spec’s templates, preferring literal segments', () => {
    expect(pathTemplateOf('/api/v1/users/me')).toBe('/api/v1/users/{id}');
    expect(pathTemplateOf('/api/v1/users/ada%40example.com')).toBe('/api/v1/users/{id}');
    expect(pathTemplateOf('/api/v1/api-tokens/current')).toBe('/api/v1/api-tokens/current');
    expect(pathTemplateOf('/api/v1/api-tokens/00T94e3cn9kSEO3c51s5')).toBe('/api/v1/api-tokens/{apiTokenId}');
    expect(pathTemplateOf('/api/v1/users/00u1/lifecycle/suspend')).toBe('/api/v1/users/{id}/lifecycle/suspend');
    expect(pathTemplateOf('/api/v1/no/such/thing')).toBeUndefined();
  });

  it('accepts a User with Okta’s nullable timestamps as null, and rejects wrong types, enums and formats', () => {
    expect(validateResponse('GET', '/api/v1/users/{id}', 200, user)).toEqual([]);
    expect(validateResponse('GET', '/api/v1/users', 200, [user, user])).toEqual([]);
    expect(validateResponse('GET', '/api/v1/users/{id}', 200, { ...user, status: 'BOGUS' }).map((e) => e.instancePath)).toContain('/status');
    expect(validateResponse('GET', '/api/v1/users/{id}', 200, { ...user, created: 'yesterday' }).map((e) => e.instancePath)).toContain('/created');
    expect(validateResponse('GET', '/api/v1/users/{id}', 200, { ...user, created: null }).map((e) => e.instancePath)).toContain('/created');
    expect(validateResponse('GET', '/api/v1/users/{id}', 200, { ...user, id: null }).map((e) => e.instancePath)).toContain('/id');
    expect(validateResponse('GET', '/api/v1/users/{id}', 200, { ...user, profile: { ...user.profile, login: 42 } }).map((e) => e.instancePath)).toContain('/profile/login');
    expect(validateResponse('POST', '/api/v1/users', 200, { ...user, transitioningToStatus: 'SOMEWHERE' }).map((e) => e.instancePath)).toContain('/transitioningToStatus');
  });

  it('selects a role’s schema through the discriminator and rejects unknown role types', () => {
    expect(validateResponse('POST', '/api/v1/users/{userId}/roles', 201, role)).toEqual([]);
    expect(validateResponse('GET', '/api/v1/users/{userId}/roles', 200, [role])).toEqual([]);
    expect(validateResponse('POST', '/api/v1/users/{userId}/roles', 201, { ...role, type: 'NOT_A_ROLE' })).not.toEqual([]);
    const { type: _omitted, ...untyped } = role;
    expect(validateResponse('POST', '/api/v1/users/{userId}/roles', 201, untyped)).not.toEqual([]);
    expect(validateResponse('POST', '/api/v1/users/{userId}/roles', 201, { ...role, assignmentType: 'SOMETHING' })).not.toEqual([]);
  });

  it('checks LogEvents, allowing the nulls real events carry but not in required fields', () => {
    expect(validateResponse('GET', '/api/v1/logs', 200, [logEvent])).toEqual([]);
    expect(validateResponse('GET', '/api/v1/logs', 200, [{ ...logEvent, eventType: null }])).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/logs', 200, [{ ...logEvent, version: 0 }])).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/logs', 200, [{ ...logEvent, severity: 'LOUD' }])).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/logs', 200, [{ ...logEvent, outcome: { result: 'MAYBE', reason: null } }])).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/logs', 200, [{ ...logEvent, actor: { ...logEvent.actor, id: null } }])).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/logs', 200, [{ ...logEvent, published: 'now' }])).not.toEqual([]);
    expect(SPEC_OVERLAYS.logEventNonNull.LogEvent).toEqual(['uuid', 'published', 'eventType', 'version', 'severity', 'actor']);
  });

  it('accepts P30D as an API token window and rejects what is not an ISO-8601 duration', () => {
    const token = { id: '00T94e3cn9kSEO3c51s5', name: 't', userId: '00u1', clientName: 'Okta API', tokenWindow: 'P30D', created: '2024-01-01T00:00:00.000Z' };
    expect(validateResponse('GET', '/api/v1/api-tokens/{apiTokenId}', 200, token)).toEqual([]);
    expect(validateResponse('GET', '/api/v1/api-tokens/{apiTokenId}', 200, { ...token, tokenWindow: 'thirty days' })).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/api-tokens', 200, [{ clientName: 'x' }]).map((e) => e.keyword)).toContain('required');
  });

  it('checks error bodies against the Error schema, also for statuses an operation does not list', () => {
    expect(checkResponse('GET', '/api/v1/users/{id}', 404, error)).toMatchObject({ operationId: 'getUser', schemaFrom: '404', errors: [] });
    expect(checkResponse('GET', '/api/v1/users/{id}', 401, { ...error, errorCode: 'E0000011' })).toMatchObject({ schemaFrom: 'Error', errors: [] });
    expect(validateResponse('GET', '/api/v1/users/{id}', 404, { ...error, errorCauses: 'none' })).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/users/{id}', 404, { ...error, errorCode: 7 })).not.toEqual([]);
  });

  it('throws on operations or success statuses the spec does not document', () => {
    expect(() => validateResponse('PATCH', '/api/v1/users/{id}', 200, {})).toThrow(/no operation PATCH/);
    expect(() => validateResponse('GET', '/api/v1/users/{id}', 201, user)).toThrow(/documents no 201 response/);
    expect(() => validateResponse('GET', '/api/v1/nowhere', 200, {})).toThrow(/no path/);
  });
});
