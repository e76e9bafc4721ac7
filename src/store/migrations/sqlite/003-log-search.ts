import type { Kysely } from 'kysely';

/** System Log search (issue 4): filled in by the log-search work. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
