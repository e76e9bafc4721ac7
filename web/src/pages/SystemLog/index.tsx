import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiCallError, apiGet } from '../../api';
import type { Session } from '../../auth';
import { navigate } from '../../router';
import { downloadFile } from '../../components/download';
import { Histogram } from './Histogram';
import { formatTime } from '../../format-time';

/** The part of a System Log event (docs/events.md) the table shows; the expanded row shows all of it. */
export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage?: string | null;
  actor?: { id?: string; type?: string; alternateId?: string | null; displayName?: string | null } | null;
  target?: { id?: string; type?: string; alternateId?: string | null; displayName?: string | null }[] | null;
  outcome?: { result?: string; reason?: string | null } | null;
}

/** Time ranges, as kept in the URL's `since` (a custom range keeps ISO dates in `since` and `until`). */
const RANGES = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 60 * 60_000 },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
] as const;
const DEFAULT_RANGE = '24h';
const PAGE_SIZE = 50;
/** How often live tail asks for new events. */
const TAIL_INTERVAL_MS = 3000;
/** An export stops after this many events (narrow the search for more). */
const EXPORT_LIMIT = 100_000;

/** Ready-made searches; the first is Okta's own "Actions taken by Workflows". */
export const SAVED_QUERIES = [
  { label: 'Actions taken by Workflows', filter: 'client.userAgent.rawUserAgent eq "Azuqua"' },
  { label: 'Failed sign-ins', filter: 'eventType eq "user.session.start" and outcome.result eq "FAILURE"' },
  { label: 'User lifecycle changes', filter: 'eventType sw "user.lifecycle"' },
] as const;

interface Search {
  filter: string;
  q: string;
  /** A RANGES value, or 'custom'. */
  range: string;
  /** Custom range, as `datetime-local` values (local time). */
  since: string;
  until: string;
  /** Events per page (`limit`, 1–1000); kept in the URL only when not the default. */
  limit: number;
}

function fromUrl(params: URLSearchParams): Search {
  const since = params.get('since') ?? DEFAULT_RANGE;
  const preset = RANGES.some((r) => r.value === since);
  return {
    filter: params.get('filter') ?? '',
    q: params.get('q') ?? '',
    range: preset ? since : 'custom',
    since: preset ? '' : toLocalInput(since),
    until: preset ? '' : toLocalInput(params.get('until') ?? ''),
    limit: pageSize(params.get('limit')),
  };
}

function toUrl(search: Search): string {
  const params = new URLSearchParams();
  if (search.filter.trim()) params.set('filter', search.filter.trim());
  if (search.q.trim()) params.set('q', search.q.trim());
  if (search.range === 'custom') {
    const since = fromLocalInput(search.since);
    const until = fromLocalInput(search.until);
    if (since) params.set('since', since);
    if (until) params.set('until', until);
  } else if (search.range !== DEFAULT_RANGE) {
    params.set('since', search.range);
  }
  if (search.limit !== PAGE_SIZE) params.set('limit', String(search.limit));
  const query = params.toString();
  return `/console/logs${query ? `?${query}` : ''}`;
}

/** The `GET /api/v1/logs` call for a search, newest first; a preset range counts back from now. */
function apiPath(search: Search): string {
  const params = new URLSearchParams({ sortOrder: 'DESCENDING', limit: String(search.limit) });
  if (search.filter.trim()) params.set('filter', search.filter.trim());
  if (search.q.trim()) params.set('q', search.q.trim());
  const preset = RANGES.find((r) => r.value === search.range);
  if (preset) {
    params.set('since', new Date(Date.now() - preset.ms).toISOString());
  } else {
    const since = fromLocalInput(search.since);
    const until = fromLocalInput(search.until);
    if (since) params.set('since', since);
    if (until) params.set('until', until);
  }
  return `/api/v1/logs?${params.toString()}`;
}

function pageSize(value: string | null): number {
  const n = value !== null && /^\d+$/.test(value) ? Number(value) : PAGE_SIZE;
  return n >= 1 && n <= 1000 ? n : PAGE_SIZE;
}

/** `2026-12-06T08:00:00.000Z` → `2026-12-06T09:00` (the browser's local time, as datetime-local wants). */
function toLocalInput(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(local: string): string | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

type Results =
  | { kind: 'loading' }
  | { kind: 'error'; messages: string[] }
  | { kind: 'done'; events: LogEvent[]; next: string | undefined; loadingMore: boolean; moreError?: string };

/**
 * The System Log (docs/console.md): Okta's filter expression and keywords, a time range, newest events
 * first with "Load more" following the Link header, each row expandable to the event's JSON. The search
 * lives in the URL, so it can be reloaded and shared.
 */
export function SystemLog({ session, search: params }: { session: Session; search: URLSearchParams }) {
  const key = params.toString();
  const applied = fromUrl(params);
  const [draft, setDraft] = useState<Search>(applied);
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [tail, setTail] = useState<{ on: boolean; error?: string }>({ on: false });
  const latest = useRef(results);
  latest.current = results;
  const request = useRef(0);
  const ids = useId();
  const [exporting, setExporting] = useState<{ kind: 'idle' } | { kind: 'running'; format: string; count: number } | { kind: 'error'; message: string }>({ kind: 'idle' });

  /** Runs a search, newest first; an answer that arrives after a newer search started is dropped. */
  function run(search: Search) {
    setExpanded(new Set());
    setResults({ kind: 'loading' });
    const mine = ++request.current;
    apiGet<LogEvent[]>(session, apiPath(search)).then(
      ({ body, next }) => mine === request.current && setResults({ kind: 'done', events: body, next, loadingMore: false }),
      (err: unknown) => mine === request.current && setResults({ kind: 'error', messages: errorMessages(err) }),
    );
  }

  // Runs the search the URL names whenever it changes (a new search, a saved query, back/forward).
  useEffect(() => {
    const search = fromUrl(new URLSearchParams(key));
    setDraft(search);
    run(search);
  }, [key, session]);

  // Live tail: every few seconds, the events published since the newest one shown (oldest first, as
  // Okta's polling reads), put on top. The search and its range start stay those of the URL.
  useEffect(() => {
    if (!tail.on) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const search = fromUrl(new URLSearchParams(key));
    const tick = async () => {
      const shown = latest.current;
      const mine = request.current;
      if (shown.kind === 'done') {
        const url = new URL(apiPath(search), location.origin);
        url.searchParams.set('sortOrder', 'ASCENDING');
        url.searchParams.set('limit', '200');
        url.searchParams.delete('until');
        const newest = shown.events[0]?.published;
        if (newest) url.searchParams.set('since', newest);
        try {
          const { body } = await apiGet<LogEvent[]>(session, url.pathname + url.search);
          if (!live || mine !== request.current) return;
          setResults((now) => {
            if (now.kind !== 'done') return now;
            const seen = new Set(now.events.map((e) => e.uuid));
            const fresh = body.filter((e) => !seen.has(e.uuid)).reverse();
            return fresh.length === 0 ? now : { ...now, events: [...fresh, ...now.events] };
          });
          setTail((t) => (t.error ? { on: t.on } : t));
        } catch (err) {
          if (!live) return;
          setTail({ on: false, error: errorMessages(err).join(' ') });
          return;
        }
      }
      if (live) timer = setTimeout(() => void tick(), TAIL_INTERVAL_MS);
    };
    timer = setTimeout(() => void tick(), TAIL_INTERVAL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [tail.on, key, session]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const to = toUrl(draft);
    // The same search again (to see newer events) runs again: the URL does not change, so no effect would.
    if (to === location.pathname + location.search) run(draft);
    else navigate(to);
  }

  function loadMore() {
    if (results.kind !== 'done' || !results.next) return;
    const { events, next } = results;
    setResults({ ...results, loadingMore: true, moreError: undefined });
    const mine = request.current;
    apiGet<LogEvent[]>(session, next).then(
      ({ body, next: after }) => mine === request.current && setResults({ kind: 'done', events: [...events, ...body], next: after, loadingMore: false }),
      (err: unknown) => mine === request.current && setResults({ kind: 'done', events, next, loadingMore: false, moreError: errorMessages(err).join(' ') }),
    );
  }

  /** Every event of the applied search (all pages, newest first as shown), downloaded as a file. */
  async function exportAs(format: 'csv' | 'ndjson') {
    const search = fromUrl(new URLSearchParams(key));
    setExporting({ kind: 'running', format, count: 0 });
    try {
      const events: LogEvent[] = [];
      let url: string | undefined = apiPath({ ...search, limit: 1000 });
      while (url && events.length < EXPORT_LIMIT) {
        const page: { body: LogEvent[]; next: string | undefined } = await apiGet<LogEvent[]>(session, url);
        events.push(...page.body);
        url = page.next;
        setExporting({ kind: 'running', format, count: events.length });
      }
      const text = format === 'csv' ? toCsv(events) : events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
      downloadFile(`system-log-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`, text, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson');
      setExporting({ kind: 'idle' });
    } catch (err) {
      setExporting({ kind: 'error', message: errorMessages(err).join(' ') });
    }
  }

  function toggle(uuid: string) {
    const open = new Set(expanded);
    if (open.has(uuid)) open.delete(uuid);
    else open.add(uuid);
    setExpanded(open);
  }

  // The histogram's range, fixed when the search is run (a preset counts back from then).
  const [range, setRange] = useState<{ path: string; start: number; end: number } | undefined>(undefined);
  useEffect(() => {
    const search = fromUrl(new URLSearchParams(key));
    const now = Date.now();
    const preset = RANGES.find((r) => r.value === search.range);
    const since = fromLocalInput(search.since);
    const until = fromLocalInput(search.until);
    const end = preset ? now : until ? Date.parse(until) : now;
    const start = preset ? now - preset.ms : since ? Date.parse(since) : Number.NaN;
    const path = new URL(apiPath(search), location.origin);
    if (preset) path.searchParams.set('since', new Date(start).toISOString());
    path.searchParams.set('until', new Date(end).toISOString());
    setRange({ path: path.pathname + path.search, start, end });
  }, [key]);

  const errorId = `${ids}-error`;
  const filterError = results.kind === 'error';
  return (
    <main className="page">
      <h1>System Log</h1>
      <section className="panel" aria-label="Search">
        <form className="log-search" onSubmit={submit} role="search">
          <div className="field field-wide">
            <label htmlFor={`${ids}-filter`}>Filter expression</label>
            <input
              id={`${ids}-filter`}
              name="filter"
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder='eventType eq "user.session.start"'
              value={draft.filter}
              aria-invalid={filterError && draft.filter !== '' ? true : undefined}
              aria-describedby={filterError ? errorId : undefined}
              onChange={(e) => setDraft({ ...draft, filter: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-q`}>Keywords</label>
            <input id={`${ids}-q`} name="q" type="search" autoComplete="off" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-range`}>Time range</label>
            <select id={`${ids}-range`} name="range" value={draft.range} onChange={(e) => setDraft({ ...draft, range: e.target.value, ...(e.target.value === 'custom' && !draft.since ? { since: toLocalInput(new Date(Date.now() - 24 * 60 * 60_000).toISOString()) } : {}) })}>
              {RANGES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
              <option value="custom">Custom range</option>
            </select>
          </div>
          {draft.range === 'custom' && (
            <>
              <div className="field">
                <label htmlFor={`${ids}-since`}>Since</label>
                <input id={`${ids}-since`} name="since" type="datetime-local" value={draft.since} onChange={(e) => setDraft({ ...draft, since: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-until`}>Until</label>
                <input id={`${ids}-until`} name="until" type="datetime-local" value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />
              </div>
            </>
          )}
          <div className="field field-button">
            <button type="submit">Search</button>
          </div>
        </form>
        {results.kind === 'error' && (
          <div id={errorId} role="alert" className="search-error" data-testid="log-error">
            {results.messages.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </div>
        )}
        <div className="saved">
          <h2 id={`${ids}-saved`}>Saved queries</h2>
          <ul aria-labelledby={`${ids}-saved`}>
            {SAVED_QUERIES.map((saved) => (
              <li key={saved.label}>
                <button type="button" className="secondary" title={saved.filter} onClick={() => navigate(toUrl({ ...applied, filter: saved.filter, q: '' }))}>
                  {saved.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section className="panel results" aria-labelledby={`${ids}-results`} aria-busy={results.kind === 'loading'}>
        <div className="results-head">
          <h2 id={`${ids}-results`}>Events</h2>
          <div className="actions">
            <button type="button" className="secondary" aria-pressed={tail.on} disabled={applied.range === 'custom' && applied.until !== ''} onClick={() => setTail({ on: !tail.on })}>
              Live tail
            </button>
            <button type="button" className="secondary" disabled={exporting.kind === 'running'} onClick={() => void exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" className="secondary" disabled={exporting.kind === 'running'} onClick={() => void exportAs('ndjson')}>
              Export NDJSON
            </button>
          </div>
        </div>
        {tail.on && (
          <p role="status" className="muted" data-testid="log-tail">
            Live tail is on: new events appear at the top every few seconds.
          </p>
        )}
        {tail.error && <p role="alert">Live tail stopped: {tail.error}</p>}
        {exporting.kind === 'running' && (
          <p role="status">
            Exporting {exporting.format.toUpperCase()}: {exporting.count} events so far…
          </p>
        )}
        {exporting.kind === 'error' && <p role="alert">The export failed: {exporting.message}</p>}
        {results.kind === 'loading' && <p role="status">Searching the System Log…</p>}
        {results.kind === 'error' && <p>No results: the org refused this search (above).</p>}
        {results.kind === 'done' && range && <Histogram session={session} path={range.path} start={range.start} end={range.end} />}
        {results.kind === 'done' && results.events.length === 0 && (
          <p role="status" data-testid="log-empty">
            No events match this search in the selected time range.
          </p>
        )}
        {results.kind === 'done' && results.events.length > 0 && (
          <>
            <p role="status" className="muted">
              {results.events.length} {results.events.length === 1 ? 'event' : 'events'}
              {results.next ? ' so far, newest first' : ', newest first'}
            </p>
            <div className="table-scroll">
              <table className="log-table" data-testid="log-table">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Event</th>
                    <th scope="col">Targets</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {results.events.map((event) => {
                    const open = expanded.has(event.uuid);
                    const detailId = `${ids}-event-${event.uuid}`;
                    return (
                      <EventRows key={event.uuid} event={event} open={open} detailId={detailId} onToggle={() => toggle(event.uuid)} />
                    );
                  })}
                </tbody>
              </table>
            </div>
            {results.moreError && <p role="alert">{results.moreError}</p>}
            {results.next && (
              <p className="more">
                <button type="button" onClick={loadMore} disabled={results.loadingMore}>
                  {results.loadingMore ? 'Loading…' : 'Load more'}
                </button>
              </p>
            )}
          </>
        )}
      </section>
    </main>
  );
}

function EventRows({ event, open, detailId, onToggle }: { event: LogEvent; open: boolean; detailId: string; onToggle: () => void }) {
  const outcome = event.outcome?.result ?? '';
  return (
    <>
      <tr data-uuid={event.uuid}>
        <td data-label="Time">
          <button type="button" className="disclosure" aria-expanded={open} aria-controls={detailId} onClick={onToggle}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> <time dateTime={event.published}>{formatTime(event.published)}</time>
            <span className="visually-hidden">{open ? ', hide the event JSON' : ', show the event JSON'}</span>
          </button>
        </td>
        <td data-label="Actor">{who(event.actor)}</td>
        <td data-label="Event">
          <span className="event-message">{event.displayMessage ?? event.eventType}</span>
          <code className="event-type">{event.eventType}</code>
        </td>
        <td data-label="Targets">
          {(event.target ?? []).length === 0 ? (
            <span className="muted">—</span>
          ) : (
            <ul className="targets">
              {(event.target ?? []).map((t, i) => (
                <li key={i}>
                  {who(t)} <span className="muted">({t.type})</span>
                </li>
              ))}
            </ul>
          )}
        </td>
        <td data-label="Outcome">
          <span className={`outcome outcome-${outcome.toLowerCase()}`}>{outcome || '—'}</span>
          {event.outcome?.reason ? <span className="muted"> {event.outcome.reason}</span> : null}
        </td>
      </tr>
      {open && (
        <tr className="detail">
          <td colSpan={5}>
            <pre id={detailId} tabIndex={0} aria-label={`Event ${event.uuid} as JSON`} data-testid="log-json">
              {JSON.stringify(event, null, 2)}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}

/** CSV columns: the table's, plus the ids a spreadsheet needs to join events. */
const CSV_COLUMNS: [string, (e: LogEvent) => string][] = [
  ['published', (e) => e.published],
  ['uuid', (e) => e.uuid],
  ['eventType', (e) => e.eventType],
  ['displayMessage', (e) => e.displayMessage ?? ''],
  ['actor.id', (e) => e.actor?.id ?? ''],
  ['actor.alternateId', (e) => e.actor?.alternateId ?? ''],
  ['actor.displayName', (e) => e.actor?.displayName ?? ''],
  ['targets', (e) => (e.target ?? []).map((t) => `${t.type ?? ''}:${t.alternateId ?? t.id ?? ''}`).join('; ')],
  ['outcome.result', (e) => e.outcome?.result ?? ''],
  ['outcome.reason', (e) => e.outcome?.reason ?? ''],
];

/** RFC 4180 CSV; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with a quote. */
function toCsv(events: LogEvent[]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const event of events) lines.push(CSV_COLUMNS.map(([, get]) => cell(get(event))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function who(entity: { id?: string; alternateId?: string | null; displayName?: string | null } | null | undefined): string {
  if (!entity) return '—';
  const name = entity.displayName ?? '';
  const alt = entity.alternateId && entity.alternateId !== 'unknown' ? entity.alternateId : '';
  if (name && alt && name !== alt) return `${name} (${alt})`;
  return name || alt || entity.id || '—';
}

/** Okta's words for a refused search (the filter error with its position), else the failure in words. */
function errorMessages(err: unknown): string[] {
  if (err instanceof ApiCallError && err.status === 400 && err.oktaMessages.length > 0) return [...err.oktaMessages];
  return [err instanceof Error ? err.message : 'Something went wrong.'];
}
