import type { Kysely } from 'kysely';
import type { Repositories } from '../core/ports/store.js';
import { apiTokenRepo } from './api-token-repo.js';
import { appRepo } from './app-repo.js';
import { consentRepo } from './consent-repo.js';
import type { Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { eventHookRepo } from './event-hook-repo.js';
import { groupRepo } from './group-repo.js';
import { logEventRepo, type KeywordsLater, type PrepareSqlite } from './log-event-repo.js';
import { oauthArtifactRepo } from './oauth-artifact-repo.js';
import { roleRepo } from './role-repo.js';
import { sessionRepo } from './session-repo.js';
import { settingsRepo } from './settings-repo.js';
import { userRepo } from './user-repo.js';
import { workflowConnectionRepo } from './workflow-connection-repo.js';
import { workflowExecutionRepo } from './workflow-execution-repo.js';
import { workflowFlowRepo } from './workflow-flow-repo.js';

/** Every repository over one Kysely instance: the store's own, or a transaction's. `onAppend` is told
 *  when the log repository appends (the store turns it into an after-commit signal); `prepare` is the
 *  SQLite connection's, for the log's appends; `keywordsLater` takes keyword rows for the end of a
 *  group commit (log-event-repo.ts). */
export function reposFor(db: Kysely<Database>, dialect: SqlDialect, onAppend?: () => void, prepare?: PrepareSqlite, keywordsLater?: KeywordsLater): Repositories {
  return {
    users: userRepo(db, dialect),
    apps: appRepo(db, dialect),
    consents: consentRepo(db),
    oauth: oauthArtifactRepo(db, dialect),
    groups: groupRepo(db, dialect),
    roles: roleRepo(db, dialect),
    apiTokens: apiTokenRepo(db, dialect),
    sessions: sessionRepo(db, dialect),
    logEvents: logEventRepo(db, dialect, onAppend, prepare, keywordsLater),
    settings: settingsRepo(db, dialect),
    eventHooks: eventHookRepo(db, dialect),
    workflowConnections: workflowConnectionRepo(db, dialect),
    workflowFlows: workflowFlowRepo(db, dialect),
    workflowExecutions: workflowExecutionRepo(db, dialect),
  };
}
