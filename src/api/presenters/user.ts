import { allows, type LifecycleOperation } from '../../core/user-status.js';
import type { UserRecord } from '../../core/user.js';

/** Link relation names Okta uses for each lifecycle operation (okta-api.md §6.2). */
const LINK_NAMES: Record<LifecycleOperation, string> = {
  activate: 'activate',
  reactivate: 'reactivate',
  deactivate: 'deactivate',
  suspend: 'suspend',
  unsuspend: 'unsuspend',
  unlock: 'unlock',
  reset_password: 'resetPassword',
  expire_password: 'expirePassword',
};

const CREDENTIAL_LINKS = ['forgotPassword', 'changePassword', 'changeRecoveryQuestion', 'resetFactors'] as const;

/**
 * A user as Okta returns it. Only fields listed here leave the process: no password or answer hashes
 * (style.md habit 8). `full` adds the status-dependent `_links` of a single-user response; lists carry
 * only `self`.
 */
export function presentUser(user: UserRecord, origin: string, full: boolean) {
  const self = `${origin}/api/v1/users/${user.id}`;
  const links: Record<string, { href: string; method?: string }> = { self: { href: self } };
  if (full) {
    for (const [op, name] of Object.entries(LINK_NAMES) as [LifecycleOperation, string][]) {
      if (allows(user.status, op)) links[name] = { href: `${self}/lifecycle/${op}`, method: 'POST' };
    }
    if (user.status === 'ACTIVE' && user.providerType === 'OKTA') {
      for (const name of CREDENTIAL_LINKS) {
        const path = name === 'resetFactors' ? 'lifecycle/reset_factors' : `credentials/${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
        links[name] = { href: `${self}/${path}`, method: 'POST' };
      }
    }
    links.schema = { href: `${origin}/api/v1/meta/schemas/user/default` };
    links.type = { href: `${origin}/api/v1/meta/types/user/${user.typeId}` };
  }
  const credentials: Record<string, unknown> = { provider: { type: user.providerType, name: user.providerName } };
  if (user.passwordHash) credentials.password = {};
  if (user.recoveryQuestion) credentials.recovery_question = { question: user.recoveryQuestion };
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: user.typeId },
    profile: user.profile,
    credentials,
    _links: links,
  };
}

/** What Fastify answers a JSON object with; a pre-serialised body must say the same. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The JSON text of a single-user response (`presentUser(user, origin, true)`). A user read by key is a
 * deeply frozen record shared while its row is served from memory (store/hot-query.ts `mapOnce`), so its
 * text can be shared too: a GET then neither presents nor serialises the ~1 KB body again. The user is
 * still read on every request; a record that is not frozen could change, and is presented each time.
 */
export function userJson(user: UserRecord, origin: string): string {
  const kept = presentedUsers.get(user);
  if (kept !== undefined && kept.origin === origin) return kept.json;
  const json = JSON.stringify(presentUser(user, origin, true));
  if (Object.isFrozen(user) && Object.isFrozen(user.profile)) presentedUsers.set(user, { origin, json });
  return json;
}

const presentedUsers = new WeakMap<UserRecord, { origin: string; json: string }>();
