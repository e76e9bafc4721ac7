import { useState } from 'react';
import type { Session } from '../../auth';
import { errorWords } from '../../errors';
import { ServiceAccountBadge } from '../../components/ServiceAccountBadge';
import { formatTime } from '../../format-time';
import { followLink } from '../../router';
import type { User } from '../../Shell';
import { testConnection, type Connection, type TestResult } from './connection-api';

/** What each status means, in words (docs/workflows.md "Connections"). */
const STATUS_WORDS: Record<Connection['status'], string> = {
  PENDING: 'Nobody has authorized it yet.',
  ACTIVE: 'Working: its flows call the org as the account that authorized it.',
  ERROR: 'The org refused it; test it again or reauthorize it.',
  REVOKED: 'Its tokens were revoked; reauthorize it to use it again.',
};

/** The org's answer `{status, errorCode, errorSummary}` as a sentence. */
export function answerWords(error: { status: number; errorCode: string | null; errorSummary: string }): string {
  return `the org answered ${error.status}${error.errorCode ? ` ${error.errorCode}` : ''}: ${error.errorSummary}`;
}

/** The person a connection acts as: their user when in this org's directory, `missing` when no longer there. */
export type Authorizer = User | 'missing' | undefined;

export type CardAction = 'reauthorize' | 'rename' | 'delete';

/** One connection: status in words, who it acts as, scopes, usage, and its actions. */
export function ConnectionCard({ session, connection, authorizer, onChanged, onAction }: { session: Session; connection: Connection; authorizer: Authorizer; onChanged: (c: Connection) => void; onAction: (action: CardAction) => void }) {
  const [test, setTest] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; result: TestResult } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const who = connection.authorizedBy;
  const personPath = who ? `/console/users/${encodeURIComponent(who.userId)}` : '';

  async function runTest(): Promise<void> {
    setTest({ kind: 'busy' });
    try {
      const result = await testConnection(session, connection.id);
      setTest({ kind: 'done', result });
      onChanged(result.connection);
    } catch (err) {
      setTest({ kind: 'error', message: errorWords(err) });
    }
  }

  return (
    <article className="panel connection" data-connection-id={connection.id} aria-labelledby={`conn-${connection.id}`}>
      <header className="connection-head">
        <h2 id={`conn-${connection.id}`} className="connection-nickname">
          {connection.nickname}
        </h2>
        <span className={`status status-${connection.status.toLowerCase()}`} data-testid="connection-status">
          {connection.status}
        </span>
      </header>
      <p className="status-words">
        {connection.statusReason ?? STATUS_WORDS[connection.status]}
      </p>
      {connection.lastError && (
        <p className="last-error" data-testid="connection-last-error">
          Last error ({formatTime(connection.lastError.at)}): {answerWords(connection.lastError)}.
        </p>
      )}
      <dl className="profile">
        <dt>Authorized by</dt>
        <dd data-testid="connection-authorized-by">
          {who ? (
            <>
              {authorizer && authorizer !== 'missing' ? (
                <a href={personPath} onClick={(e) => followLink(e, personPath)}>
                  {who.displayName || who.login}
                </a>
              ) : (
                who.displayName || who.login
              )}{' '}
              <span className="muted">({who.login})</span> {authorizer !== 'missing' && <ServiceAccountBadge user={authorizer} />}
              {authorizer === 'missing' && <span className="muted"> — no longer in the directory</span>}
              {connection.authorizedAt && <span className="muted"> on {formatTime(connection.authorizedAt)}</span>}
            </>
          ) : (
            <span className="muted">Nobody yet</span>
          )}
        </dd>
        <dt>Granted scopes</dt>
        <dd>
          {connection.grantedScopes.length > 0 ? (
            <ul className="chips" aria-label="Granted scopes">
              {connection.grantedScopes.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : (
            <span className="muted">None yet</span>
          )}
        </dd>
        <dt>Used by</dt>
        <dd data-testid="connection-usage">
          {connection.usage.flows.length > 0 ? (
            <ul className="usage">
              {connection.usage.flows.map((f) => {
                const to = `/console/workflows/flows/${encodeURIComponent(f.id)}`;
                return (
                  <li key={f.id}>
                    <a href={to} onClick={(e) => followLink(e, to)}>
                      {f.name}
                    </a>{' '}
                    {f.active ? <span className="badge badge-active">active</span> : <span className="muted">(off)</span>}
                  </li>
                );
              })}
            </ul>
          ) : (
            <span className="muted">No flow uses it</span>
          )}
        </dd>
        <dt>Last used</dt>
        <dd>{connection.lastUsedAt ? formatTime(connection.lastUsedAt) : <span className="muted">Never</span>}</dd>
      </dl>
      <div className="actions">
        <button type="button" className="secondary" disabled={test.kind === 'busy'} onClick={() => void runTest()}>
          {test.kind === 'busy' ? 'Testing…' : 'Test'}
        </button>
        <button type="button" className="secondary" onClick={() => onAction('reauthorize')}>
          Reauthorize
        </button>
        <button type="button" className="secondary" onClick={() => onAction('rename')}>
          Rename
        </button>
        <button type="button" className="secondary" onClick={() => onAction('delete')}>
          Delete
        </button>
      </div>
      <div aria-live="polite" className="test-result">
        {test.kind === 'done' && (
          <p role={test.result.ok ? 'status' : 'alert'} data-testid="test-result" className={test.result.ok ? 'ok' : undefined}>
            {test.result.ok ? `Test passed: the org answered ${test.result.status}.` : `Test failed: ${test.result.error ? answerWords(test.result.error) : `the org answered ${test.result.status}`}.`}
          </p>
        )}
        {test.kind === 'error' && (
          <p role="alert" data-testid="test-result">
            {test.message}
          </p>
        )}
      </div>
    </article>
  );
}
