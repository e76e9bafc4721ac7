import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { LogEvent } from '../core/log-event.js';
import { keywordToken } from '../core/log-keywords.js';
import { canonicalTime as canonical, logRowOf, type LogRow } from '../core/log-rows.js';
import type { JsonPage, LogEventRepo, LogQuery } from '../core/ports/store.js';
import { compileLogFilter } from './compile-log-filter.js';
import type { Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery } from './hot-query.js';
import { InvalidCursor } from './page-cursor.js';

function bound(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : canonical(iso);
}

/**
 * Cursors have Okta's polling shape `<epochMillis>_<n>` (okta-api.md §2.2).
 * Polling: `<floor>_<seq>` — continue after persistence sequence `seq`, keeping the query's lower bound on
 * persistence time (`floor`, 0 for none), because a cursor replaces `since` in the next request.
 * Bounded: `<published>_<seq>` — continue after the event at (`published`, `seq`) in the page's direction.
 */
function encodeLogCursor(ms: number, seq: number): string {
  return `${ms}_${seq}`;
}

function decodeLogCursor(cursor: string): { ms: number; seq: number } {
  const match = /^(\d{1,15})_(\d{1,15})$/.exec(cursor);
  if (!match) throw new InvalidCursor(cursor);
  return { ms: Number(match[1]), seq: Number(match[2]) };
}

/** Prepares a statement on the SQLite connection (sqlite-connection.ts's cache: prepared once). */
export type PrepareSqlite = (sqlText: string) => BetterSqlite3.Statement;

const INSERT_EVENT = `insert into log_events (seq, uuid, published, persisted_at, event_type, actor_id, outcome_result,
  client_ip, user_agent, transaction_id, severity, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_TARGET = `insert into log_event_targets (seq, idx, target_id, target_type, published) values (?, ?, ?, ?, ?)`;
const INSERT_TOKENS = `insert into log_keywords (rowid, tokens) values (?, ?)`;

/**
 * SQLite: one prepared single-row statement per table, run on the connection directly. The caller holds
 * the transaction, so the connection is ours until it ends, and with better-sqlite3 a row costs one bind
 * and one step: building, compiling and binding Kysely multi-row inserts cost about a fifth of bulk
 * ingest besides SQLite's own work.
 */
function appendDirect(prepare: PrepareSqlite, rows: readonly LogRow[], first: number, persistedAt: string, keywordsLater?: KeywordsLater): void {
  // Each `run` taken once: the connection's write statements count their runs through a proxy.
  const insertEvent = prepare(INSERT_EVENT).run;
  const insertTarget = prepare(INSERT_TARGET).run;
  const insertTokens = keywordsLater ?? prepare(INSERT_TOKENS).run;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const seq = first + i;
    insertEvent(seq, row.uuid, row.published, persistedAt, row.eventType, row.actorId, row.outcomeResult, row.clientIp, row.userAgent, row.transactionId, row.severity, row.data);
    const targets = row.targets;
    for (let idx = 0; idx < targets.length; idx++) insertTarget(seq, idx, targets[idx]![0], targets[idx]![1], row.published);
    insertTokens(seq, row.tokens);
  }
}

/**
 * SQLite inside a group commit (group-commit.ts): takes an event's keyword row for the group's end
 * instead of inserting it now. FTS5 writes its pending data out as a new segment at every savepoint
 * boundary, and each transaction of a group is a savepoint: inserted at once, a group of 15 refreshes
 * made 15 small segments (and their merges); left for the end, they make one. The rows still commit
 * with their events, in the same transaction.
 */
export type KeywordsLater = (seq: number, tokens: string) => void;

/** Inserts a keyword row now (the group's end runs these). */
export function insertKeywords(prepare: PrepareSqlite, seq: number, tokens: string): void {
  prepare(INSERT_TOKENS).run(seq, tokens);
}

/** Takes `n` numbers from the counter row (SQLite; see appendIn). */
const takeSequence = hotQuery((db, n: number) =>
  db
    .updateTable('log_sequence')
    .set((eb) => ({ value: eb('value', '+', n) }))
    .where('id', '=', sql.lit(1))
    .returning('value'),
);

/**
 * PostgreSQL: numbering and inserting in ONE statement. The counter row stays locked from the UPDATE to
 * COMMIT, and every concurrent appender queues on it, so the lock should be held for as few round trips
 * as possible: here one statement and the commit, instead of three statements and the commit. Events and
 * targets travel as two JSON parameters; `data` is typed json, which keeps the event's text as written.
 */
async function appendInOneStatement(trx: Kysely<Database>, rows: readonly LogRow[], persistedAt: string): Promise<void> {
  // The rows' JSON built as text: each event's `data` is already JSON and goes in as it is.
  const str = JSON.stringify;
  const eventsJson = `[${rows
    .map((r, i) => `{"seq":${i},"uuid":${str(r.uuid)},"published":${str(r.published)},"persisted_at":${str(persistedAt)},"event_type":${str(r.eventType)},"actor_id":${str(r.actorId)},"outcome_result":${str(r.outcomeResult)},"client_ip":${str(r.clientIp)},"user_agent":${str(r.userAgent)},"transaction_id":${str(r.transactionId)},"severity":${str(r.severity)},"data":${r.data},"keywords":${str(r.tokens)}}`)
    .join(',')}]`;
  const targets = rows.flatMap((r, seq) => r.targets.map(([id, type], idx) => ({ seq, idx, target_id: id, target_type: type, published: r.published })));
  const n = rows.length;
  await sql`with s as (
      update log_sequence set value = value + ${n}::bigint where id = 1 returning value - ${n}::bigint as base
    ), ev as (
      insert into log_events (seq, uuid, published, persisted_at, event_type, actor_id, outcome_result,
                              client_ip, user_agent, transaction_id, severity, data, keywords)
      select s.base + 1 + e.seq, e.uuid, e.published::timestamptz, e.persisted_at::timestamptz, e.event_type,
             e.actor_id, e.outcome_result, e.client_ip, e.user_agent, e.transaction_id, e.severity, e.data,
             array_to_tsvector(string_to_array(e.keywords, ' '))
      from s, json_to_recordset(${eventsJson}::json) as e(seq bigint, uuid text, published text,
           persisted_at text, event_type text, actor_id text, outcome_result text, client_ip text,
           user_agent text, transaction_id text, severity text, data json, keywords text)
    ), tg as (
      insert into log_event_targets (seq, idx, target_id, target_type, published)
      select s.base + 1 + t.seq, t.idx, t.target_id, t.target_type, t.published::timestamptz
      from s, json_to_recordset(${JSON.stringify(targets)}::json) as t(seq bigint, idx int, target_id text, target_type text, published text)
    )
    select base from s`.execute(trx);
}

/** The System Log; `db` is the store's Kysely instance or a transaction, `prepare` (SQLite) prepares on
 *  the connection underneath it. */
export function logEventRepo(db: Kysely<Database>, dialect: SqlDialect, onAppend?: () => void, prepare?: PrepareSqlite, keywordsLater?: KeywordsLater): LogEventRepo {
  async function appendIn(trx: Kysely<Database>, rows: readonly LogRow[], persistedAt: string): Promise<void> {
    // Taking the numbers from the counter row locks it until commit: a concurrent appender waits, so
    // sequence order is commit order, and a rollback returns the numbers (no gaps). Not a bigserial,
    // whose values are neither.
    if (dialect.name === 'postgres') return appendInOneStatement(trx, rows, canonical(persistedAt));
    const [counter] = await takeSequence(trx, dialect, rows.length);
    if (!counter) throw new Error('log_sequence has no row');
    const { value } = counter;
    if (!prepare) throw new Error('log append on SQLite needs the connection (reposFor prepare)');
    appendDirect(prepare, rows, Number(value) - rows.length + 1, canonical(persistedAt), keywordsLater);
  }

  async function appendRows(rows: readonly LogRow[], persistedAt: string): Promise<void> {
    if (rows.length === 0) return;
    // The port requires a transaction; called outside one, append makes its own rather than tear.
    if (db.isTransaction) await appendIn(db, rows, persistedAt);
    else await db.transaction().execute((trx) => appendIn(trx, rows, persistedAt));
    onAppend?.();
  }

  /** The event holds every token (core/log-keywords.ts): FTS5 on SQLite, the tsvector on PostgreSQL. */
  function hasTokens(tokens: readonly string[]): RawBuilder<SqlBool> {
    if (dialect.name === 'postgres') return sql<SqlBool>`log_events.keywords @@ ${tokens.join(' & ')}::tsquery`;
    return sql<SqlBool>`log_events.seq in (select rowid from log_keywords where log_keywords match ${tokens.join(' AND ')})`;
  }

  /** The stored JSON text of each event (PostgreSQL's json type keeps the text as written), and the
   *  published time for the bounded cursor. */
  const dataText = dialect.name === 'postgres' ? sql<string>`log_events.data::text` : sql<string>`log_events.data`;

  async function polling(query: LogQuery, conditions: RawBuilder<SqlBool>[]): Promise<JsonPage> {
    const cursor = query.after !== undefined ? decodeLogCursor(query.after) : undefined;
    const floor = cursor ? cursor.ms : query.since !== undefined ? Date.parse(canonical(query.since)) : 0;
    const startSeq = cursor?.seq ?? 0;
    const start = encodeLogCursor(floor, startSeq);
    if (query.limit <= 0) return { json: [], next: query.after ?? start };

    // Without a cursor, an empty page must still hand out a position past every event that exists now.
    // Read before the page: every sequence number up to it is committed, so the page sees them all.
    const highWater = cursor
      ? undefined
      : Number((await db.selectFrom('log_sequence').select('value').where('id', '=', 1).executeTakeFirstOrThrow()).value);

    let q = db.selectFrom('log_events').select(['seq', dataText.as('data')]).where('seq', '>', startSeq);
    if (floor > 0) q = q.where(sql<SqlBool>`${sql.ref('persisted_at')} >= ${dialect.logTime(new Date(floor).toISOString())}`);
    if (query.until !== undefined) q = q.where(sql<SqlBool>`${sql.ref('persisted_at')} < ${dialect.logTime(canonical(query.until))}`);
    for (const c of conditions) q = q.where(c);
    const rows = await q.orderBy('seq').limit(query.limit).execute();

    const last = rows[rows.length - 1];
    const next = last
      ? encodeLogCursor(floor, Number(last.seq))
      : (query.after ?? encodeLogCursor(floor, highWater ?? startSeq));
    return { json: rows.map((r) => r.data), next };
  }

  async function bounded(query: LogQuery, conditions: RawBuilder<SqlBool>[]): Promise<JsonPage> {
    if (query.limit <= 0) return { json: [], next: null };
    const desc = query.order === 'DESCENDING';
    const published = sql.ref('log_events.published');
    const seq = sql.ref('log_events.seq');
    let q = db.selectFrom('log_events').select(['seq', 'published', dataText.as('data')]);
    if (query.since !== undefined) q = q.where(sql<SqlBool>`${published} >= ${dialect.logTime(canonical(query.since))}`);
    if (query.until !== undefined) q = q.where(sql<SqlBool>`${published} < ${dialect.logTime(canonical(query.until))}`);
    if (query.after !== undefined) {
      const cursor = decodeLogCursor(query.after);
      const at = dialect.logTime(new Date(cursor.ms).toISOString());
      q = q.where(desc ? sql<SqlBool>`(${published}, ${seq}) < (${at}, ${cursor.seq})` : sql<SqlBool>`(${published}, ${seq}) > (${at}, ${cursor.seq})`);
    }
    for (const c of conditions) q = q.where(c);
    const order = desc ? sql`${published} desc, ${seq} desc` : sql`${published} asc, ${seq} asc`;
    const rows = await q.orderBy(order).limit(query.limit + 1).execute();

    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return { json: page.map((r) => r.data), next: more && last ? encodeLogCursor(new Date(last.published).getTime(), Number(last.seq)) : null };
  }

  /** Compiles the query's conditions and reads the page. */
  function read(query: LogQuery): Promise<JsonPage> {
    const conditions: RawBuilder<SqlBool>[] = [];
    if (query.keywords && query.keywords.length > 0) conditions.push(hasTokens(query.keywords.map(keywordToken)));
    if (query.filter) {
      const window = query.mode === 'bounded' ? { since: bound(query.since), until: bound(query.until) } : undefined;
      conditions.push(compileLogFilter(query.filter, { dialect, hasTokens, ...(window ? { window } : {}) }));
    }
    // Polling reads follow the persistence sequence, which only ascends; `order` is for bounded reads.
    return query.mode === 'polling' ? polling(query, conditions) : bounded(query, conditions);
  }

  return {
    // Services should append last in their transaction: on PostgreSQL the counter row stays locked
    // until commit, so every statement after the append lengthens the time other appenders wait.
    append(events, persistedAt) {
      return appendRows(events.map(logRowOf), persistedAt);
    },

    appendRows,

    async readAfter(seq, limit) {
      if (limit <= 0) return [];
      const rows = await db.selectFrom('log_events').select(['seq', 'data']).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
      return rows.map((r) => ({ seq: Number(r.seq), event: dialect.readJson<LogEvent>(r.data) }));
    },

    async purgeBefore(before, limit) {
      if (limit <= 0) return 0;
      const cutoff = dialect.logTime(canonical(before));
      const purge = async (trx: Kysely<Database>): Promise<number> => {
        if (dialect.name === 'postgres') {
          const { rows } = await sql<{ n: string }>`with doomed as (
              select seq from log_events where published < ${cutoff} order by published, seq limit ${limit}
            ), targets as (
              delete from log_event_targets where seq in (select seq from doomed)
            ), gone as (
              delete from log_events where seq in (select seq from doomed) returning 1
            ) select count(*) as n from gone`.execute(trx);
          return Number(rows[0]!.n);
        }
        const doomed = (await sql<{ seq: number }>`select seq from log_events where published < ${cutoff} order by published, seq limit ${limit}`.execute(trx)).rows.map((r) => r.seq);
        if (doomed.length === 0) return 0;
        const list = sql.join(doomed.map((seq) => sql`${seq}`));
        await sql`delete from log_event_targets where seq in (${list})`.execute(trx);
        await sql`delete from log_keywords where rowid in (${list})`.execute(trx);
        await sql`delete from log_events where seq in (${list})`.execute(trx);
        return doomed.length;
      };
      return db.isTransaction ? purge(db) : db.transaction().execute(purge);
    },

    async highWater() {
      const row = await db.selectFrom('log_sequence').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
      return Number(row.value);
    },

    async query(query) {
      const page = await read(query);
      return { events: page.json.map((text) => JSON.parse(text) as LogEvent), next: page.next };
    },

    queryJson: read,

    async count() {
      const row = await db.selectFrom('log_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
