import { ApiError, validationFailed } from '../../core/errors.js';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as an object; an absent body counts as `{}` only where `optional`. */
export function objectBody(body: unknown, optional = false): Json {
  if (body === undefined && optional) return {};
  if (!isObject(body)) throw new ApiError('E0000003', { causes: ['The request body must be a JSON object'] });
  return body;
}

/**
 * Refuses properties the resource does not define (nothing unknown is silently dropped) while ignoring
 * the read-only ones SDKs and Terraform echo back on updates (okta-api.md §6.6, issue text).
 */
export function checkProperties(obj: Json, where: string, allowed: readonly string[], readOnly: readonly string[] = []): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key) || readOnly.includes(key)) continue;
    throw new ApiError('E0000003', { causes: [`${where}${key}: Property is not defined for this resource`] });
  }
}

export function optionalString(obj: Json, key: string, where = ''): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw validationFailed(key, `${where}${key}: Does not match required type: String`);
  return v;
}

export function requiredString(obj: Json, key: string, where = ''): string {
  const v = optionalString(obj, key, where);
  if (v === undefined || v.trim() === '') throw validationFailed(key, `${where}${key}: The field cannot be left blank`);
  return v;
}

/** Accepts `key` only when absent, null or `{}`: objects Keyflow does not model (app profiles). */
export function emptyObjectOnly(obj: Json, key: string, cause: string): void {
  const v = obj[key];
  if (v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0)) return;
  throw validationFailed(key, `${key}: ${cause}`);
}
