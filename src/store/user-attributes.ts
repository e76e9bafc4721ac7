import { sql } from 'kysely';
import { UnsupportedFilter } from '../core/ports/store.js';
import { normalizeLogin } from '../core/user.js';
import type { ColumnAttribute, FilterAttribute } from './compile-filter.js';

/** A text column whose values fold with SQL lower() in search mode. */
const text = (name: string): ColumnAttribute => ({ kind: 'column', expr: sql.ref(`users.${name}`), fold: 'lower' });
/** An identifier: its case is meaningful, so it never folds. */
const exact = (name: string): ColumnAttribute => ({ kind: 'column', expr: sql.ref(`users.${name}`), fold: 'none' });
/** An ISO timestamp column. */
const time = (name: string): ColumnAttribute => ({ kind: 'column', expr: sql.ref(`users.${name}`), fold: 'none', time: true });

/** Top-level attributes and the profile attributes that have a column of their own (okta-api.md §6.3). */
const COLUMNS: Record<string, ColumnAttribute> = {
  id: exact('id'),
  status: text('status'),
  created: time('created'),
  activated: time('activated'),
  statusChanged: time('status_changed'),
  lastUpdated: time('last_updated'),
  passwordChanged: time('password_changed'),
  lastLogin: time('last_login'),
  'type.id': exact('type_id'),
  // Logins compare through login_normalized: case-insensitively it IS the folded login (and indexed);
  // case-sensitively an exact match implies a normalized match, which lets the unique index find it.
  'profile.login': {
    kind: 'column',
    expr: sql.ref('users.login'),
    fold: { expr: sql.ref('users.login_normalized'), fold: normalizeLogin },
    impliedByEq: (value) => sql`${sql.ref('users.login_normalized')} = ${normalizeLogin(value)}`,
  },
  'profile.email': text('email'),
  'profile.firstName': text('first_name'),
  'profile.lastName': text('last_name'),
};

/** A custom profile attribute name as Okta's schema allows it. */
const PROFILE_NAME = /^profile\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/**
 * The SQL a user filter or sort attribute stands for: a column when the attribute has one, else a key
 * of the profile JSON. Throws UnsupportedFilter for anything else.
 */
export function userAttribute(attr: string): FilterAttribute {
  const known = COLUMNS[attr];
  if (known) return known;
  const profileKey = PROFILE_NAME.exec(attr)?.[1];
  if (profileKey !== undefined) return { kind: 'json', column: 'users.profile', key: profileKey };
  throw new UnsupportedFilter(attr);
}
