import { validationFailed } from '../../core/errors.js';
import type { EventHookInput, HookFilter, HookHeader } from '../../core/event-hooks.js';
import { checkProperties, isObject, objectBody, optionalString, requiredString, type Json } from './body-shape.js';

/**
 * The body of `POST /api/v1/eventHooks` and `PUT /api/v1/eventHooks/{id}` (okta-spec EventHook), parsed
 * into the domain input. Read-only properties a client echoes back from a GET are ignored; anything else
 * unknown is refused. What needs the domain's rules (eligible event types, the URL rule, filter
 * expressions, limits) is checked by the service.
 */

const TOP_LEVEL = ['name', 'description', 'events', 'channel'];
/** Read-only: Okta's, and Keyflow's delivery status extension. */
const TOP_LEVEL_ECHOED = ['id', 'status', 'verificationStatus', 'created', 'lastUpdated', 'createdBy', '_links', '_keyflow'];

export function parseEventHookBody(raw: unknown): EventHookInput {
  const body = objectBody(raw);
  checkProperties(body, '', TOP_LEVEL, TOP_LEVEL_ECHOED);
  const events = section(body, 'events', '', ['type', 'items', 'filter']);
  fixed(events, 'type', 'EVENT_TYPE', 'events.');
  const channel = section(body, 'channel', '', ['type', 'version', 'config']);
  fixed(channel, 'type', 'HTTP', 'channel.');
  fixed(channel, 'version', '1.0.0', 'channel.');
  const config = section(channel, 'config', 'channel.', ['uri', 'headers', 'authScheme'], ['method']);
  return {
    name: requiredString(body, 'name'),
    description: optionalString(body, 'description') ?? null,
    eventTypes: [...new Set(eventTypesOf(events))],
    filters: filtersOf(events.filter),
    uri: requiredString(config, 'uri', 'channel.config.'),
    headers: headersOf(config.headers),
    authScheme: authSchemeOf(config.authScheme),
  };
}

/** A required nested object, checked for unknown properties. */
function section(parent: Json, key: string, where: string, allowed: readonly string[], echoed: readonly string[] = []): Json {
  const value = parent[key];
  if (value === undefined || value === null) throw validationFailed(key, `${where}${key}: The field cannot be left blank`);
  if (!isObject(value)) throw validationFailed(key, `${where}${key}: Does not match required type: Object`);
  checkProperties(value, `${where}${key}.`, allowed, echoed);
  return value;
}

/** A property with exactly one supported value (okta-spec: "Currently supports …"). */
function fixed(obj: Json, key: string, value: string, where: string): void {
  if (requiredString(obj, key, where) !== value) throw validationFailed(key, `${where}${key}: Must be '${value}'`);
}

function eventTypesOf(events: Json): string[] {
  const items = events.items;
  if (items === undefined || items === null) throw validationFailed('items', 'events.items: The field cannot be left blank');
  if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) throw validationFailed('items', 'events.items: Does not match required type: Array of String');
  return items as string[];
}

/** Okta's `{type: EXPRESSION_LANGUAGE, eventFilterMap: [{event, condition: {expression}}]}`; null for none. */
function filtersOf(value: unknown): HookFilter[] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) throw validationFailed('filter', 'events.filter: Does not match required type: Object');
  checkProperties(value, 'events.filter.', ['type', 'eventFilterMap']);
  if (value.type !== undefined && value.type !== null && value.type !== 'EXPRESSION_LANGUAGE') throw validationFailed('filter', "events.filter.type: Must be 'EXPRESSION_LANGUAGE'");
  const map = value.eventFilterMap ?? [];
  if (!Array.isArray(map)) throw validationFailed('filter', 'events.filter.eventFilterMap: Does not match required type: Array');
  const where = 'events.filter.eventFilterMap.';
  return map.map((entry: unknown) => {
    if (!isObject(entry)) throw validationFailed('filter', `${where}: Does not match required type: Object`);
    checkProperties(entry, where, ['event', 'condition']);
    const condition = entry.condition;
    if (!isObject(condition)) throw validationFailed('condition', `${where}condition: Does not match required type: Object`);
    // `version` is read-only ("Internal field") and echoed back by clients.
    checkProperties(condition, `${where}condition.`, ['expression'], ['version']);
    return { eventType: requiredString(entry, 'event', where), expression: requiredString(condition, 'expression', `${where}condition.`) };
  });
}

/** Null entries (the spec makes items nullable) carry nothing and are left out. */
function headersOf(value: unknown): HookHeader[] {
  if (value === undefined || value === null) return [];
  const where = 'channel.config.headers.';
  if (!Array.isArray(value)) throw validationFailed('headers', 'channel.config.headers: Does not match required type: Array');
  return value
    .filter((h: unknown) => h !== null)
    .map((h: unknown) => {
      if (!isObject(h)) throw validationFailed('headers', `${where}: Does not match required type: Object`);
      checkProperties(h, where, ['key', 'value']);
      return { key: requiredString(h, 'key', where), value: optionalString(h, 'value', where) ?? '' };
    });
}

function authSchemeOf(value: unknown): EventHookInput['authScheme'] {
  if (value === undefined || value === null) return null;
  const where = 'channel.config.authScheme.';
  if (!isObject(value)) throw validationFailed('authScheme', 'channel.config.authScheme: Does not match required type: Object');
  checkProperties(value, where, ['type', 'key', 'value']);
  if (value.type !== undefined && value.type !== null) fixed(value, 'type', 'HEADER', where);
  return { key: requiredString(value, 'key', where), value: optionalString(value, 'value', where) };
}
