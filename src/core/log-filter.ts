import { ApiError } from './errors.js';
import { FilterSyntaxError, type CompareNode, type FilterNode } from './filter/ast.js';
import { collectCompares } from './filter/attributes.js';
import { parseFilter } from './filter/parser.js';

/**
 * Which LogEvent attribute paths the System Log `filter` accepts (okta-api.md §2.4, §3): every leaf of
 * the LogEvent schema, written in dot notation, plus any key under the free-form maps. `published` is
 * refused (Okta: use `since`/`until`), and so is `target.changeDetails` (Okta: not queryable).
 */
const LEAVES: readonly string[] = [
  'uuid',
  'eventType',
  'version',
  'severity',
  'legacyEventType',
  'displayMessage',
  ...prefixed('actor', ['id', 'type', 'alternateId', 'displayName']),
  ...prefixed('target', ['id', 'type', 'alternateId', 'displayName']),
  ...prefixed('client', ['zone', 'device', 'id', 'ipAddress']),
  ...prefixed('client.userAgent', ['rawUserAgent', 'os', 'browser']),
  ...geographicalContext('client.geographicalContext'),
  ...prefixed('device', [
    'id',
    'name',
    'os_platform',
    'os_version',
    'managed',
    'registered',
    'device_integrator',
    'disk_encryption_type',
    'screen_lock_type',
    'jailbreak',
    'secure_hardware_present',
  ]),
  ...prefixed('authenticationContext', [
    'authenticationProvider',
    'credentialProvider',
    'credentialType',
    'externalSessionId',
    'rootSessionId',
    'interface',
    'authenticationStep',
  ]),
  ...prefixed('authenticationContext.issuer', ['id', 'type']),
  ...prefixed('outcome', ['result', 'reason']),
  ...prefixed('transaction', ['type', 'id']),
  ...prefixed('securityContext', ['asNumber', 'asOrg', 'isp', 'domain', 'isProxy']),
  ...ipDetails('securityContext.ipDetails'),
  ...prefixed('securityContext.risk', ['level', 'previousLevel', 'detectionName', 'issuer', 'reasons']),
  ...prefixed('securityContext.userBehaviors', ['id', 'name', 'result']),
  'securityContext.botProtection.level',
  ...prefixed('request.ipChain', ['ip', 'version', 'source']),
  ...geographicalContext('request.ipChain.geographicalContext'),
  // Not ipServiceCategories here: it is an array inside the ipChain array, which the store does not walk.
  ...prefixed('request.ipChain.ipDetails', ['asNumber', 'asOrg', 'domain', 'isp']),
];

/** Free-form maps: any key path below them is a valid attribute. */
export const OPEN_MAPS: readonly string[] = [
  'debugContext.debugData',
  'actor.detailEntry',
  'target.detailEntry',
  'transaction.detail',
];

/**
 * LogEvent fields that hold arrays of objects: a filter on a path through one matches when **any**
 * element matches (okta-api.md §2.4, `target.id`), so `target.id eq "A" and target.id eq "B"` finds
 * events whose targets include both.
 */
export const ARRAY_FIELDS: readonly string[] = [
  'target',
  'request.ipChain',
  'securityContext.ipDetails.ipServiceCategories',
  'securityContext.userBehaviors',
];

/** Leaves that hold arrays of strings; like arrays of objects, any element may match. */
export const ARRAY_LEAVES: readonly string[] = ['securityContext.risk.reasons'];

const LEAF_SET: ReadonlySet<string> = new Set(LEAVES);

function prefixed(prefix: string, names: readonly string[]): string[] {
  return names.map((n) => `${prefix}.${n}`);
}

function geographicalContext(prefix: string): string[] {
  return [...prefixed(prefix, ['city', 'state', 'country', 'postalCode']), ...prefixed(`${prefix}.geolocation`, ['lat', 'lon'])];
}

function ipDetails(prefix: string): string[] {
  return [
    ...prefixed(prefix, ['asNumber', 'asOrg', 'domain', 'isp']),
    ...prefixed(`${prefix}.ipServiceCategories`, ['isAnonymous', 'operator', 'type']),
  ];
}

/** The open map an attribute lies under (`debugContext.debugData.requestUri` → `debugContext.debugData`). */
export function openMapOf(attr: string): string | undefined {
  return OPEN_MAPS.find((map) => attr.startsWith(`${map}.`));
}

/** Whether the System Log filter accepts `attr` (dot notation, case-sensitive as in Okta). */
export function isLogAttribute(attr: string): boolean {
  return LEAF_SET.has(attr) || openMapOf(attr) !== undefined;
}

/** In `u` mode a surrogate range matches only surrogates that are not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Okta refuses substring search on URLs in debugData (okta-api.md §2.4). */
const NO_CONTAINS: ReadonlySet<string> = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);

/**
 * Parses and checks a System Log filter, with Okta's errors (okta-api.md §2.4):
 * - syntax → 400 E0000053 `Invalid filter '<filter>': <message with position>`;
 * - unknown or refused attribute (incl. `published`) → 400 E0000053 `Invalid filter '<filter>': field is not valid: <attr>`;
 * - `co` on `debugContext.debugData.url|requestUri` → 400 E0000031 "The supplied combination of operator
 *   and field is not currently supported. Operator: co, Field: <attr>".
 * Used by `GET /api/v1/logs`, event-hook filters and Workflows triggers alike, so one expression means
 * the same everywhere.
 */
export function parseLogFilter(text: string): FilterNode {
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new ApiError('E0000053', { summary: `Invalid filter '${text}': ${err.message}` });
    throw err;
  }
  const refusal = logFilterRefusal(node);
  if (refusal?.reason === 'field') {
    throw new ApiError('E0000053', { summary: `Invalid filter '${text}': field is not valid: ${refusal.node.attr}` });
  }
  if (refusal?.reason === 'character') {
    throw new ApiError('E0000053', { summary: `Invalid filter '${text}': the value compared with ${refusal.node.attr} at position ${refusal.node.pos} contains a NUL character or half of a surrogate pair, which no stored value can hold` });
  }
  if (refusal?.reason === 'operator') {
    throw new ApiError('E0000031', {
      summary: `The supplied combination of operator and field is not currently supported. Operator: ${refusal.node.op}, Field: ${refusal.node.attr}`,
    });
  }
  return node;
}

/** The first comparison (in source order) the System Log does not accept, and why; undefined if none. */
export function logFilterRefusal(node: FilterNode): { reason: 'field' | 'operator' | 'character'; node: CompareNode } | undefined {
  for (const compare of collectCompares(node)) {
    if (!isLogAttribute(compare.attr)) return { reason: 'field', node: compare };
    if (compare.op === 'co' && NO_CONTAINS.has(compare.attr)) return { reason: 'operator', node: compare };
    // PostgreSQL text cannot hold U+0000, and a lone surrogate is not a character the databases can
    // store (the drivers send U+FFFD or its raw bytes): refused on both stores, so a filter means one thing.
    if (typeof compare.value === 'string' && (compare.value.includes('\u0000') || LONE_SURROGATE.test(compare.value))) {
      return { reason: 'character', node: compare };
    }
  }
  return undefined;
}
