import type { Kysely } from 'kysely';
import type {
  ApiTokenRepo,
  AppRepo,
  ConsentRepo,
  EventHookRepo,
  GroupRepo,
  LogEventRepo,
  OAuthArtifactRepo,
  OrgSettingsRepo,
  Repositories,
  RoleRepo,
  SessionRepo,
  Store,
  UserRepo,
  WorkflowConnectionRepo,
  WorkflowExecutionRepo,
  WorkflowFlowRepo,
} from '../core/ports/store.js';
import type { Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { GroupCommit } from './group-commit.js';
import { insertKeywords, type PrepareSqlite } from './log-event-repo.js';
import { reposFor } from './repositories.js';

/**
 * The Store over Kysely, for either engine. Services only ever see it as {@link Store}; `db` is public
 * for the store's own tooling (the contract suite inspects the sequence with it).
 */
export class SqlStore implements Store {
  readonly users: UserRepo;
  readonly apps: AppRepo;
  readonly consents: ConsentRepo;
  readonly oauth: OAuthArtifactRepo;
  readonly groups: GroupRepo;
  readonly roles: RoleRepo;
  readonly apiTokens: ApiTokenRepo;
  readonly sessions: SessionRepo;
  readonly logEvents: LogEventRepo;
  readonly settings: OrgSettingsRepo;
  readonly eventHooks: EventHookRepo;
  readonly workflowConnections: WorkflowConnectionRepo;
  readonly workflowFlows: WorkflowFlowRepo;
  readonly workflowExecutions: WorkflowExecutionRepo;
  private readonly appendListeners = new Set<() => void>();
  /** SQLite: concurrent transactions commit together (group-commit.ts); PostgreSQL runs them side by side. */
  private readonly groupCommit: GroupCommit | undefined;

  constructor(
    readonly db: Kysely<Database>,
    private readonly sqlDialect: SqlDialect,
    /** SQLite: prepares on the one connection (the log appends through it). */
    private readonly prepareSqlite?: PrepareSqlite,
  ) {
    // Outside a transaction an append commits on its own, so it signals at once.
    const repos = reposFor(db, sqlDialect, () => this.signalAppended(), prepareSqlite);
    this.users = repos.users;
    this.apps = repos.apps;
    this.consents = repos.consents;
    this.oauth = repos.oauth;
    this.groups = repos.groups;
    this.roles = repos.roles;
    this.apiTokens = repos.apiTokens;
    this.sessions = repos.sessions;
    this.logEvents = repos.logEvents;
    this.settings = repos.settings;
    this.eventHooks = repos.eventHooks;
    this.workflowConnections = repos.workflowConnections;
    this.workflowFlows = repos.workflowFlows;
    this.workflowExecutions = repos.workflowExecutions;
    this.groupCommit = sqlDialect.name === 'sqlite' && prepareSqlite ? new GroupCommit(db) : undefined;
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.sqlDialect.name;
  }

  /**
   * Runs `work` in one transaction. Use only `tx` inside it: on SQLite the store's single connection
   * is held by the transaction, so a call through the store itself would wait for it forever.
   */
  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    let appended = false;
    const onAppend = () => (appended = true);
    const prepare = this.prepareSqlite;
    const result =
      this.groupCommit && prepare
        ? await this.groupCommit.run((trx, atEnd) => work(reposFor(trx, this.sqlDialect, onAppend, prepare, (seq, tokens) => atEnd(() => insertKeywords(prepare, seq, tokens)))))
        : await this.db.transaction().execute((trx) => work(reposFor(trx, this.sqlDialect, onAppend, prepare)));
    if (appended) this.signalAppended();
    return result;
  }

  onLogAppended(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** After commit; a listener that throws must not turn a committed change into a failed request. */
  private signalAppended(): void {
    for (const listener of this.appendListeners) {
      try {
        listener();
      } catch {
        // listeners are wake-ups; theirs to log
      }
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
