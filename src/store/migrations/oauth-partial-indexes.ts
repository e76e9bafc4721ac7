import { sql, type Kysely } from 'kysely';

/**
 * Migration 009 of both engines (each dialect's 009 file re-exports this), for token grants at speed
 * (issue 3): the artifact indexes by grant, user and client become partial, `where … is not null`. A
 * client-credentials token has no grant and no user, and the replay record of a client assertion has
 * none of the three, yet each insert added an entry (with a NULL key) to all of them. Every lookup
 * through them is an equality (`grant_id = ?`: revoke a grant; `user_id = ? and kind in (…)`: revoke a
 * user's tokens; `client_id = ?`: revoke an app's), which both engines know implies `is not null`, so
 * the partial indexes answer the same queries.
 */
const STATEMENTS = [
  `drop index oauth_artifacts_grant`,
  `create index oauth_artifacts_grant on oauth_artifacts (grant_id) where grant_id is not null`,
  `drop index oauth_artifacts_user`,
  `create index oauth_artifacts_user on oauth_artifacts (user_id, kind) where user_id is not null`,
  `drop index oauth_artifacts_client`,
  `create index oauth_artifacts_client on oauth_artifacts (client_id) where client_id is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
