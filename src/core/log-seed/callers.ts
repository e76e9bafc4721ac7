import type { LogActor } from '../log-event.js';
import type { Principal } from '../principal.js';
import type { Permission } from '../roles.js';
import type { SeededRandom } from '../seeded-random.js';
import type { Agent } from './network.js';
import type { Origin, SeedAdmin, SeedClient, SeedPopulation, SeedToken, SeedUser } from './population.js';

/**
 * Who made a generated request, from where, with what: the parts of a request context that decide a
 * LogEvent's actor, client, authenticationContext and transaction (architecture.md "Attribution rule").
 */
export interface Caller {
  principal: Principal | null;
  /** Overrides the actor the principal speaks for (sign-in pages, console sessions). */
  actor?: LogActor;
  /** null for background jobs, which have no client. */
  origin: Origin | null;
  agent: Agent | null;
  /** authenticationContext.externalSessionId when the principal does not decide it (browser sessions). */
  sessionId?: string;
  transactionType: 'WEB' | 'JOB';
}

const NO_PERMISSIONS: ReadonlySet<Permission> = new Set();

function ssws(token: SeedToken): Principal {
  return { kind: 'user', user: null, client: null, tokenId: token.id, grantId: null, scopes: null, via: 'SSWS', roles: ['SUPER_ADMIN'], permissions: NO_PERMISSIONS };
}

function oauth(client: SeedClient, kind: 'user' | 'app', grantId: string | null, scopes: readonly string[] | null): Principal {
  return { kind, user: null, client: { id: client.id, name: client.name }, tokenId: '', grantId, scopes, via: 'OAUTH2', roles: [], permissions: NO_PERMISSIONS };
}

export type AdminChannel = 'token' | 'workflows' | 'console' | 'system';

/** The callers of a generated org, drawn from its population. */
export interface Callers {
  /** A person at their desk (most of the time) or on their phone. */
  person(user: SeedUser): Caller;
  /** An admin change: through an API token (Terraform, scripts), Okta Workflows, the console, or a group rule. */
  admin(channel: AdminChannel): Caller;
  /** The token request of an OAuth client: user-delegated (`user` given) or client credentials. */
  client(client: SeedClient, user: SeedUser | null, grantId: string | null): Caller;
}

export function callers(rand: SeededRandom, pop: SeedPopulation): Callers {
  const workflows: Caller = {
    principal: oauth(pop.workflows, 'user', pop.workflows.grantId, pop.workflows.grantedScopes),
    actor: pop.workflows.consentedBy.actor,
    origin: null,
    agent: pop.workflows.agent,
    transactionType: 'WEB',
  };
  const tokens = pop.tokens.map((token) => ({ token, principal: ssws(token) }));
  const system: Caller = { principal: null, origin: null, agent: null, transactionType: 'JOB' };
  const console = (admin: SeedAdmin): Caller => ({ principal: null, actor: admin.actor, origin: admin.desktop.origin, agent: admin.desktop.agent, sessionId: admin.consoleSessionId, transactionType: 'WEB' });
  return {
    person(user) {
      const where = rand.chance(0.8) ? user.desktop : user.phone;
      return { principal: null, actor: user.actor, origin: where.origin, agent: where.agent, transactionType: 'WEB' };
    },
    admin(channel) {
      switch (channel) {
        case 'token': {
          const { token, principal } = rand.pick(tokens);
          return { principal, actor: token.owner.actor, origin: rand.pick(token.origins), agent: token.agent, transactionType: 'WEB' };
        }
        case 'workflows':
          return { ...workflows, origin: rand.pick(pop.workflows.origins) };
        case 'console':
          return console(rand.pick(pop.admins));
        case 'system':
          return system;
      }
    },
    client(client, user, grantId) {
      const principal = oauth(client, user ? 'user' : 'app', grantId, null);
      return { principal, ...(user ? { actor: user.actor } : {}), origin: rand.pick(client.origins), agent: client.agent, transactionType: 'WEB' };
    },
  };
}
