import type { LogEvent } from '../../src/core/log-event.js';
import type { Prng } from './prng.js';

/**
 * A generated corpus of LogEvents that exercises the whole schema search has to see through
 * (okta-api.md §3): 0–3 targets drawn from a shared pool, nullable client and user agent, free-form
 * debugData and transaction.detail holding every JSON scalar type and arrays of scalars, arrays of
 * objects under `request.ipChain` and `securityContext`, and string values chosen to trip SQL: empty
 * strings, LIKE wildcards, quotes and backslashes, digits that look like numbers, case variants,
 * characters above U+FFFF next to characters just below it (UTF-16 and UTF-8 order them differently).
 *
 * Nesting stays within what the store models: the free-form maps hold scalars or arrays of scalars
 * directly under a key, and target elements hold no arrays.
 */
export function logCorpus(rng: Prng, size: number, start: string): LogEvent[] {
  const actors = Array.from({ length: 8 }, (_, i) => actor(rng, i));
  const targets = Array.from({ length: 24 }, (_, i) => target(rng, i));
  const transactions = Array.from({ length: 40 }, () => transactionId(rng));
  const base = Date.parse(start);
  const events = Array.from({ length: size }, () => {
    // Few distinct minutes, so many events share `published` and order falls back to insertion order.
    const published = new Date(base + rng.int(size / 3) * 60_000 + (rng.chance(0.2) ? rng.int(1000) : 0)).toISOString();
    return event(rng, published, actors, targets, transactions);
  });
  // What the store returns is JSON: compare against the same (no undefined, no -0, own `__proto__`).
  return JSON.parse(JSON.stringify(events)) as LogEvent[];
}

const EVENT_TYPES = [
  'user.session.start',
  'user.session.end',
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.account.update_profile',
  'user.authentication.sso',
  'group.user_membership.add',
  'group.user_membership.remove',
  'app.oauth2.token.grant.access_token',
  'app.oauth2.as.authorize.code',
  'system.api_token.create',
  'system.api_token.revoke',
  'policy.evaluate_sign_on',
  'event_hook.activated',
];

/** Strings meant to trip a SQL translation; they appear as values of free-form and nullable fields. */
export const TRICKY_STRINGS: readonly string[] = [
  '',
  ' ',
  'x',
  'false',
  'true',
  'null',
  '12',
  '007',
  '-0',
  '1e3',
  '1.50',
  'XOxBw-2JIRnCFd0gG0GjHAAABjY',
  '00u1abc-def2-GHI3',
  'trailing-',
  '-leading',
  'a--b',
  '100%',
  'a%b_c',
  '_',
  'back\\slash',
  'quote"d',
  "it's",
  'tab\there',
  'line\nbreak',
  ' padded ',
  'UPPER',
  'upper',
  'Upper',
  'Zürich',
  'São Paulo',
  'straße',
  'ＡＢＣ wide',
  '\uffff',
  '😀 smile',
  '𝔘nicode',
  'Mozilla/5.0 (X11; Linux x86_64)',
  'okta.users.read okta.logs.read',
  'jane.doe@example.com',
  '/api/v1/users?activate=true',
];

export const TRICKY_NUMBERS: readonly number[] = [0, 1, -1, 12, -3, 1.5, 0.1, 100, 999, 1e21, 12345678901234567000, 2 ** 53, -2.5e-7];

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'okta-sdk-nodejs/7.0.1 node/20.11.0 linux/6.1.0',
  'Azuqua',
  'curl/8.5.0',
  'Terraform/1.7.0 terraform-provider-okta/4.8.0',
  'python-requests/2.31.0',
  '',
];

const IPS = ['203.0.113.7', '198.51.100.4', '192.0.2.1', '2001:db8::1', '10.0.0.1', ''];
const CITIES = ['San Francisco', 'Zürich', 'São Paulo', 'Tokyo', null];
const RESULTS = ['SUCCESS', 'FAILURE', 'SKIPPED', 'ALLOW', 'DENY', 'CHALLENGE', 'UNKNOWN', 'RATE_LIMIT', 'DEFERRED', 'SCHEDULED', 'ABANDONED', 'UNANSWERED'];
const REASONS = ['INVALID_CREDENTIALS', 'invalid_refresh_token', 'VERIFICATION_ERROR', 'Sign-on policy evaluation resulted in DENY', 'RATE_LIMIT', ''];
const DEBUG_KEYS = [
  'requestId',
  'requestUri',
  'url',
  'dtHash',
  'threatSuspected',
  'riskScore',
  'trusted',
  'tags',
  'grantedScopes',
  'privilegeGranted',
  'clientAuthType',
  'responseTime',
  'origin',
  'x-forwarded-for',
  '$ref',
  'emptyValue',
  'counts',
  'flags',
  'mixed',
];

function id(rng: Prng, prefix: string): string {
  return prefix + rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 17);
}

function transactionId(rng: Prng): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return rng.chance(0.6) ? `${rng.chars(chars, 5)}-${rng.chars(chars, 21)}` : rng.chars(chars, 27);
}

/** A scalar of any JSON type, mostly from the tricky pools. */
function scalar(rng: Prng): string | number | boolean | null {
  const r = rng.float();
  if (r < 0.5) return rng.pick(TRICKY_STRINGS);
  if (r < 0.75) return rng.pick(TRICKY_NUMBERS);
  if (r < 0.9) return rng.chance(0.5);
  return null;
}

/** A value directly under a free-form map key: a scalar, or an array of scalars (maybe empty). */
function mapValue(rng: Prng, key: string): unknown {
  switch (key) {
    case 'requestId':
      return rng.chance(0.8) ? transactionId(rng) : rng.pick(TRICKY_STRINGS);
    case 'requestUri':
    case 'url':
      return rng.pick(['/api/v1/users', '/oauth2/v1/token', '/idp/idx/identify', '/api/v1/users?activate=true', '']);
    case 'threatSuspected':
      return rng.pick(['false', 'true', false, true]);
    case 'riskScore':
    case 'responseTime':
      return rng.chance(0.8) ? rng.pick(TRICKY_NUMBERS) : String(rng.pick(TRICKY_NUMBERS));
    case 'trusted':
      return rng.chance(0.5);
    case 'tags':
      return Array.from({ length: rng.int(4) }, () => rng.pick(['alpha', 'beta', 'gamma', '', 'Alpha', 'beta-2']));
    case 'counts':
      return Array.from({ length: rng.int(4) }, () => rng.pick(TRICKY_NUMBERS));
    case 'flags':
      return Array.from({ length: rng.int(3) }, () => rng.chance(0.5));
    case 'mixed':
      return Array.from({ length: rng.int(4) }, () => scalar(rng));
    case 'emptyValue':
      return rng.pick(['', null, [] as unknown[]]);
    case 'grantedScopes':
      return rng.pick(['okta.users.read okta.logs.read', 'openid profile', '']);
    default:
      return scalar(rng);
  }
}

function freeMap(rng: Prng, keys: readonly string[], max: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (let i = rng.int(max + 1); i > 0; i--) {
    const key = rng.pick(keys);
    map[key] = mapValue(rng, key);
  }
  // Keys that name Object.prototype members must be found only when the event has them.
  if (rng.chance(0.03)) Object.defineProperty(map, '__proto__', { value: scalar(rng), enumerable: true, writable: true, configurable: true });
  if (rng.chance(0.03)) map['constructor'] = scalar(rng);
  return map;
}

function actor(rng: Prng, i: number): LogEvent['actor'] {
  const kind = i % 4;
  if (kind === 3) return { id: id(rng, '0oa'), type: 'PublicClientApp', alternateId: id(rng, '0oa'), displayName: 'Okta Workflows', detailEntry: null };
  if (kind === 2) return { id: 'system', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System', detailEntry: null };
  const name = rng.pick(['Jane Doe', 'John San Francisco', 'Zoë Ünïcode', 'José 😀 Núñez', 'ＡＢＣ Wide', 'O\'Brien "Quote"']);
  const login = `${name.split(' ')[0]!.toLowerCase()}${i}@example.com`;
  const detailEntry = rng.chance(0.5) ? { methodTypeUsed: 'Password', methods: ['pwd', 'otp'], verified: true } : null;
  return { id: id(rng, '00u'), type: 'User', alternateId: login, displayName: name, detailEntry };
}

function target(rng: Prng, i: number): LogEvent['target'][number] {
  const kind = i % 4;
  const detailEntry = rng.chance(0.3) ? { policyType: rng.pick(['OKTA_SIGN_ON', 'PASSWORD']), rank: rng.int(5), enabled: rng.chance(0.5), note: rng.pick(TRICKY_STRINGS) } : null;
  if (kind === 0) {
    const name = rng.pick(['Jane Doe', 'Ann Smith', 'Zoë Ünïcode', '😀 Emoji', '', 'ＡＢＣ Wide']);
    return { id: id(rng, '00u'), type: 'User', alternateId: `user${i}@example.com`, displayName: name, detailEntry };
  }
  if (kind === 1) return { id: id(rng, '00g'), type: 'UserGroup', alternateId: 'unknown', displayName: rng.pick(['Engineering', 'Everyone', 'a%b_c group']), detailEntry };
  if (kind === 2) return { id: id(rng, '0oa'), type: 'AppInstance', alternateId: rng.pick(['unknown', 'Salesforce']), displayName: rng.pick(['Salesforce.com', 'Okta Admin Console']), detailEntry };
  return { id: id(rng, '00T'), type: rng.pick(['Token', 'access_token', 'PolicyRule']), alternateId: rng.pick(['unknown', '']), displayName: rng.pick([null, 'API token', 'Rule-1']) as string, detailEntry };
}

function place(rng: Prng) {
  if (rng.chance(0.7)) return null;
  return {
    city: rng.pick(CITIES),
    state: rng.pick(['California', 'Zürich', null]),
    country: rng.pick(['United States', 'Switzerland', 'Brazil']),
    postalCode: rng.pick(['94107', '8001', null]),
    geolocation: rng.chance(0.7) ? { lat: rng.pick([37.7749, 47.3769, -23.5505, 0]), lon: rng.pick([-122.4194, 8.5417, -46.6333, 0]) } : null,
  };
}

function client(rng: Prng): LogEvent['client'] {
  if (rng.chance(0.1)) return null;
  const userAgent = rng.chance(0.1)
    ? null
    : { rawUserAgent: rng.chance(0.05) ? null : rng.pick(USER_AGENTS), os: rng.pick(['Mac OS X', 'Linux', 'Unknown']), browser: rng.pick(['CHROME', 'UNKNOWN']) };
  return {
    userAgent,
    zone: rng.pick(['null', null, 'LegacyIpZone', 'BlockedIpZone']),
    device: rng.pick(['Computer', 'Unknown', 'Mobile', null]),
    id: rng.chance(0.5) ? null : rng.pick(['0oaWorkflows', '0oa1TerraformApp', 'okta.2b1959c8-bcc0-56eb-a589-cfcfb7422f26']),
    ipAddress: rng.chance(0.1) ? null : rng.pick(IPS),
    geographicalContext: place(rng),
  };
}

function ipDetails(rng: Prng, withCategories: boolean) {
  return {
    asNumber: rng.pick([7922, 16509, null]),
    asOrg: rng.pick(['comcast', 'amazon', null]),
    domain: rng.pick(['comcast.net', 'amazonaws.com', null]),
    isp: rng.pick(['Comcast Cable', 'Amazon.com', null]),
    ...(withCategories
      ? {
          ipServiceCategories: Array.from({ length: rng.int(3) }, () => ({
            isAnonymous: rng.chance(0.5),
            operator: rng.pick(['NordVPN', 'Tor Project', '']),
            type: rng.pick(['VPN', 'Proxy', 'Tor', 'Residential Proxy']),
          })),
        }
      : {}),
  };
}

function securityContext(rng: Prng): Record<string, unknown> {
  return {
    asNumber: rng.pick([null, 7922, 16509]),
    asOrg: rng.pick([null, 'comcast']),
    isp: rng.pick([null, 'Comcast Cable', '']),
    domain: rng.pick([null, 'comcast.net']),
    isProxy: rng.pick([null, true, false]),
    ...(rng.chance(0.4) ? { ipDetails: ipDetails(rng, true) } : {}),
    ...(rng.chance(0.5)
      ? {
          risk: rng.chance(0.2)
            ? null
            : {
                level: rng.pick(['LOW', 'MEDIUM', 'HIGH']),
                previousLevel: rng.pick(['LOW', null]),
                detectionName: rng.pick(['Session Influenced User Risk', null]),
                issuer: rng.pick(['OKTA', null]),
                reasons: Array.from({ length: rng.int(4) }, () => rng.pick(['Anomalous Location', 'New Device', 'Velocity', ''])),
              },
        }
      : {}),
    ...(rng.chance(0.3)
      ? { userBehaviors: Array.from({ length: rng.int(3) }, () => ({ id: id(rng, 'ube'), name: rng.pick(['New Geo-Location', 'New Device']), result: rng.pick(['UNKNOWN', 'POSITIVE', 'NEGATIVE']) })) }
      : {}),
    ...(rng.chance(0.3) ? { botProtection: { level: rng.pick(['NONE', 'LOW', 'HIGH']) } } : {}),
  };
}

function device(rng: Prng): Record<string, unknown> | null {
  if (rng.chance(0.8)) return null;
  return {
    id: id(rng, 'guo'),
    name: rng.pick(["Jane's iPhone", 'MacBook Pro']),
    os_platform: rng.pick(['IOS', 'MACOS', 'ANDROID']),
    os_version: rng.pick(['17.2', '14.4.1']),
    managed: rng.chance(0.5),
    registered: rng.chance(0.5),
    device_integrator: rng.pick([null, 'Jamf']),
    disk_encryption_type: rng.pick(['NONE', 'FULL', 'USER']),
    screen_lock_type: rng.pick(['NONE', 'PASSCODE', 'BIOMETRIC']),
    jailbreak: rng.chance(0.1),
    secure_hardware_present: rng.chance(0.5),
  };
}

function event(
  rng: Prng,
  published: string,
  actors: readonly LogEvent['actor'][],
  targets: readonly LogEvent['target'][number][],
  transactions: readonly string[],
): LogEvent {
  const hex = 'abcdef0123456789';
  const eventTargets = Array.from({ length: rng.int(4) }, () => rng.pick(targets));
  const detail = rng.chance(0.4) ? {} : rng.chance(0.6) ? { requestApiTokenId: id(rng, '00T') } : freeMap(rng, ['requestApiTokenId', 'origin', 'riskScore', 'tags', 'mixed'], 3);
  const record = {
    uuid: `${rng.chars(hex, 8)}-${rng.chars(hex, 4)}-11ef-${rng.chars(hex, 4)}-${rng.chars(hex, 12)}`,
    published,
    eventType: rng.pick(EVENT_TYPES),
    version: '0',
    severity: rng.pick(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    legacyEventType: rng.pick([null, 'core.user.config.user_creation.success', 'core.user_auth.login_success']),
    displayMessage: rng.pick([null, 'Create Okta user', 'User login to Okta', 'Add user to group membership', '']),
    actor: rng.pick(actors),
    client: client(rng),
    device: device(rng),
    authenticationContext: {
      authenticationProvider: rng.pick([null, 'OKTA_AUTHENTICATION_PROVIDER', 'FACTOR_PROVIDER', 'ACTIVE_DIRECTORY']),
      credentialProvider: rng.pick([null, 'OKTA_CREDENTIAL_PROVIDER', 'GOOGLE']),
      credentialType: rng.pick([null, 'PASSWORD', 'OAuth 2.0', 'JWT']),
      issuer: rng.chance(0.7) ? null : { id: id(rng, 'aus'), type: 'AuthorizationServer' },
      interface: rng.pick([null, 'Outlook', 'wsTrust']),
      authenticationStep: 0,
      externalSessionId: rng.pick([null, 'unknown', id(rng, '102'), id(rng, 'idx'), id(rng, 'trs')]),
      ...(rng.chance(0.3) ? { rootSessionId: id(rng, 'idx') } : {}),
    },
    outcome: { result: rng.pick(RESULTS), reason: rng.chance(0.5) ? null : rng.pick(REASONS) },
    target: eventTargets,
    transaction: { type: rng.pick(['WEB', 'JOB', null]), id: rng.pick(transactions), detail },
    debugContext: { debugData: freeMap(rng, DEBUG_KEYS, 6) },
    securityContext: securityContext(rng),
    request: {
      ipChain: Array.from({ length: rng.int(4) }, () => ({
        ip: rng.pick(IPS),
        geographicalContext: place(rng),
        version: rng.pick(['V4', 'V6']),
        source: rng.pick([null, 'X-Forwarded-For']),
        ...(rng.chance(0.3) ? { ipDetails: ipDetails(rng, false) } : {}),
      })),
    },
  };
  return record as unknown as LogEvent;
}
