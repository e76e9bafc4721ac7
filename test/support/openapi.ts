import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';
import { oktaSpecPath } from './okta-spec.js';

/**
 * Response-schema validation against Okta's Management API OpenAPI 3.0 spec
 * (shared/okta-spec/management-minimal.yaml, unmodified). The spec is loaded once per worker and
 * converted to JSON Schema for ajv:
 *
 * - `nullable: true` becomes a `null` alternative (type list, enum member, or `anyOf` for refs);
 * - `oneOf` + `discriminator.mapping` becomes "the discriminator value is one of the mapping keys, and
 *   the object matches the schema mapped to its value" (ajv's own discriminator support refuses
 *   `mapping`, and a plain `oneOf` fails whenever two permissive branches both match);
 * - `$ref: '#/components/schemas/X'` resolves inside one document that holds the whole `components`
 *   object under the id `okta-management`; response schemas written inline in an operation are
 *   rewritten to point into it;
 * - OpenAPI-only keywords (`readOnly`, `example`, `x-…`) are annotations and ignored (`strict: false`);
 *   formats ajv-formats does not know (`int32`, `binary`, …) are accepted as-is.
 *
 * Two overlays correct the spec where it contradicts Okta's real payloads (both are listed in
 * {@link SPEC_OVERLAYS} and nowhere else):
 *
 * - LogEvent nullability. The spec marks no LogEvent property nullable, yet real events carry `null`
 *   in e.g. `outcome.reason`, `actor.detailEntry`, `authenticationContext.*`, `client.id`
 *   (okta-api.md §3: "types and enums from SPEC; nullability and requiredness from DOC-SL-OLD", and
 *   the captured events of §4). Every property of the schemas reachable from `LogEvent` may be null,
 *   except the ones §3 calls required: `uuid`, `published`, `eventType`, `version`, `severity`,
 *   `actor` and the actor's `id` and `type`.
 * - `TimeDuration.pattern` is `^P(?:$)…`, which only the string "P" matches (a look-ahead `(?!$)` was
 *   mangled into `(?:$)`); it is replaced by the intended ISO-8601 duration pattern, so `P30D`, the
 *   `tokenWindow` of every real API token, validates.
 */

const DOC_ID = 'okta-management';

type Json = Record<string, any>;

export interface ResponseCheck {
  /** The spec's operationId, e.g. `getUser`. */
  operationId: string;
  /** The status whose schema was used, or `Error` when a 4xx/5xx is not listed and the Error schema applied. */
  schemaFrom: string;
  errors: ErrorObject[];
}

interface Loaded {
  spec: Json;
  ajv: Ajv;
  templates: { template: string; pattern: RegExp; literals: number }[];
  compiled: Map<string, ValidateFunction | null>;
}

let loaded: Loaded | undefined;

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function load(): Loaded {
  if (loaded) return loaded;
  const spec = YAML.parse(readFileSync(oktaSpecPath('management-minimal.yaml'), 'utf8'), { maxAliasCount: -1 }) as Json;
  const formats = new Set<string>();
  const components = { schemas: {} as Json };
  applyOverlays(spec);
  for (const [name, schema] of Object.entries(spec.components.schemas as Json)) {
    components.schemas[name] = convert(schema, formats, false);
  }
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
  addFormats(ajv);
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  ajv.addSchema({ $id: DOC_ID, components }, DOC_ID);
  const templates = Object.keys(spec.paths).map((template) => {
    const segments = template.split('/');
    const pattern = new RegExp(`^${segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : escapeRegExp(s))).join('/')}$`);
    return { template, pattern, literals: segments.filter((s) => !/^\{.+\}$/.test(s)).length };
  });
  loaded = { spec, ajv, templates, compiled: new Map() };
  return loaded;
}

/** Corrections to the spec, see the module comment. */
export const SPEC_OVERLAYS = {
  logEventNonNull: { LogEvent: ['uuid', 'published', 'eventType', 'version', 'severity', 'actor'], LogActor: ['id', 'type'] } as Record<string, string[]>,
  timeDurationPattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$',
};

function applyOverlays(spec: Json): void {
  const schemas = spec.components.schemas as Json;
  if (schemas.TimeDuration) schemas.TimeDuration.pattern = SPEC_OVERLAYS.timeDurationPattern;
  const reachable = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        if (!reachable.has(name)) {
          reachable.add(name);
          visit(schemas[name]);
        }
      } else visit(v);
    }
  };
  reachable.add('LogEvent');
  visit(schemas.LogEvent);
  const markProperties = (schema: Json | undefined, name: string): void => {
    if (!schema || typeof schema !== 'object') return;
    for (const [prop, sub] of Object.entries((schema.properties ?? {}) as Json)) {
      if (SPEC_OVERLAYS.logEventNonNull[name]?.includes(prop)) continue;
      if (sub && typeof sub === 'object') (sub as Json).nullable = true;
    }
    for (const part of (schema.allOf ?? []) as Json[]) markProperties(part, name);
  };
  for (const name of reachable) markProperties(schemas[name], name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SCHEMA_ARRAYS = ['allOf', 'anyOf', 'oneOf'];
const SCHEMA_SINGLES = ['not', 'items', 'additionalProperties', 'if', 'then', 'else', 'contains', 'propertyNames'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];

/**
 * OpenAPI 3.0 schema → JSON Schema (draft-07). `external` rewrites component refs to the shared
 * document (for schemas compiled on their own, i.e. inline response schemas).
 */
function convert(schema: unknown, formats: Set<string>, external: boolean): any {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, formats, external));
  if (schema === null || typeof schema !== 'object') return schema;
  const src = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'nullable' || key === 'discriminator' || key === 'example' || key === 'examples' || key === 'xml' || key === 'externalDocs') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = external && value.startsWith('#/components/') ? `${DOC_ID}${value}` : value;
    } else if (SCHEMA_ARRAYS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((s) => convert(s, formats, external));
    } else if (SCHEMA_SINGLES.includes(key) && value !== null && typeof value === 'object') {
      out[key] = convert(value, formats, external);
    } else if (SCHEMA_MAPS.includes(key) && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, s]) => [k, convert(s, formats, external)]));
    } else {
      out[key] = value;
    }
  }
  if (typeof src.format === 'string') formats.add(src.format);

  // discriminator + mapping: the value must be a known key and select its schema.
  const discriminator = src.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  if (discriminator?.propertyName && (src.oneOf || src.anyOf)) {
    const prop = discriminator.propertyName;
    const branches = (out.oneOf ?? out.anyOf) as Json[];
    delete out.oneOf;
    delete out.anyOf;
    if (discriminator.mapping) {
      const byTarget = new Map<string, string[]>();
      for (const [value, ref] of Object.entries(discriminator.mapping)) byTarget.set(ref, [...(byTarget.get(ref) ?? []), value]);
      const rules: Json[] = [{ required: [prop], properties: { [prop]: { enum: Object.keys(discriminator.mapping) } } }];
      for (const [ref, values] of byTarget) {
        const target = external && ref.startsWith('#/components/') ? `${DOC_ID}${ref}` : ref;
        rules.push({ if: { required: [prop], properties: { [prop]: { enum: values } } }, then: { $ref: target } });
      }
      out.allOf = [...((out.allOf as Json[] | undefined) ?? []), ...rules];
    } else {
      out.anyOf = branches;
    }
  }

  if (src.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (out.type === undefined) {
      const { $ref, allOf, anyOf, oneOf, ...rest } = out;
      const alternative: Json = { ...(rest as Json) };
      if ($ref) alternative.$ref = $ref;
      if (allOf) alternative.allOf = allOf;
      if (anyOf) alternative.anyOf = anyOf;
      if (oneOf) alternative.oneOf = oneOf;
      return { anyOf: [{ type: 'null' }, alternative] };
    }
  }
  return out;
}

/** The spec's path template that a concrete request path (no query) matches, preferring literal segments. */
export function pathTemplateOf(path: string): string | undefined {
  const { templates } = load();
  const clean = path.split('?')[0]!;
  let best: { template: string; literals: number } | undefined;
  for (const t of templates) {
    if (t.pattern.test(clean) && (!best || t.literals > best.literals)) best = t;
  }
  return best?.template;
}

function resolveResponse(spec: Json, response: Json): Json {
  let r = response;
  for (let i = 0; i < 5 && typeof r.$ref === 'string'; i++) {
    const name = (r.$ref as string).replace('#/components/responses/', '');
    r = spec.components.responses[name] as Json;
  }
  return r;
}

function validatorFor(key: string, schema: unknown): ValidateFunction | null {
  const l = load();
  if (!l.compiled.has(key)) {
    l.compiled.set(key, schema === undefined ? null : l.ajv.compile(convert(schema, new Set(), true)));
  }
  return l.compiled.get(key)!;
}

/**
 * Validates a response body against the operation's `application/json` schema for `status`.
 * Returns the ajv errors ([] when valid, or when the spec defines no body for that status).
 * A 4xx/5xx the operation does not list is checked against the spec's `Error` schema. Throws when the
 * spec has no such path or method, or when a 1xx–3xx status is not documented for the operation.
 */
export function checkResponse(method: string, pathTemplate: string, status: number, body: unknown): ResponseCheck {
  const { spec } = load();
  const item = spec.paths[pathTemplate] as Json | undefined;
  if (!item) throw new Error(`OpenAPI: no path ${pathTemplate}`);
  const op = item[method.toLowerCase()] as Json | undefined;
  if (!op) throw new Error(`OpenAPI: no operation ${method.toUpperCase()} ${pathTemplate}`);
  const operationId = String(op.operationId);
  const listed = (op.responses as Json)[String(status)] as Json | undefined;
  if (!listed) {
    if (status < 400) throw new Error(`OpenAPI: ${operationId} (${method.toUpperCase()} ${pathTemplate}) documents no ${status} response; it documents ${Object.keys(op.responses).join(', ')}`);
    const validate = validatorFor('#Error', { $ref: '#/components/schemas/Error' })!;
    return { operationId, schemaFrom: 'Error', errors: validate(body) ? [] : [...(validate.errors ?? [])] };
  }
  const response = resolveResponse(spec, listed);
  const schema = response.content?.['application/json']?.schema;
  if (schema === undefined) return { operationId, schemaFrom: String(status), errors: [] };
  const validate = validatorFor(`${method.toLowerCase()} ${pathTemplate} ${status}`, schema)!;
  return { operationId, schemaFrom: String(status), errors: validate(body) ? [] : [...(validate.errors ?? [])] };
}

/** `checkResponse(...).errors`: the ajv errors of a response body, [] when it conforms. */
export function validateResponse(method: string, pathTemplate: string, status: number, body: unknown): ErrorObject[] {
  return checkResponse(method, pathTemplate, status, body).errors;
}

/** Readable one-line-per-error rendering of ajv errors, with the offending value. */
export function describeErrors(errors: readonly ErrorObject[], body: unknown): string {
  return errors
    .map((e) => {
      const value = pointer(body, e.instancePath);
      return `${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)} (value: ${JSON.stringify(value)?.slice(0, 120)})`;
    })
    .join('\n');
}

function pointer(body: unknown, path: string): unknown {
  let v: any = body;
  for (const part of path.split('/').slice(1)) v = v?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** Throws with a readable message unless the body conforms to the spec's schema for that response. */
export function assertValidResponse(method: string, pathTemplate: string, status: number, body: unknown): void {
  const check = checkResponse(method, pathTemplate, status, body);
  if (check.errors.length > 0) {
    throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} (${check.operationId}, schema of ${check.schemaFrom}) does not match Okta's OpenAPI spec:\n${describeErrors(check.errors, body)}`);
  }
}
