import { ApiError, validationFailed } from '../../core/errors.js';

export type Query = Record<string, string | undefined>;

/** Query strings as flat string maps (repeated parameters keep their last value). */
export function queryOf(raw: unknown): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? String(v[v.length - 1]) : v === undefined ? undefined : String(v);
  }
  return out;
}

export function boolParam(query: Query, name: string, fallback: boolean): boolean {
  const v = query[name];
  if (v === undefined || v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw validationFailed(name, `${name}: must be true or false`);
}

/** `limit` within [min, max]: values above max are clamped (Okta's documented list behaviour). */
export function limitParam(query: Query, fallback: number, max: number, min = 1): number {
  const v = query.limit;
  if (v === undefined || v === '') return fallback;
  if (!/^-?\d+$/.test(v)) throw new ApiError('E0000001', { detail: 'limit', causes: ['limit: must be an integer'] });
  const n = Number(v);
  if (n < min) throw new ApiError('E0000001', { detail: 'limit', causes: [`limit: must be at least ${min}`] });
  return Math.min(n, max);
}
