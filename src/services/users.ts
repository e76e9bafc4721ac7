import { ApiError, notFound, validationFailed } from '../core/errors.js';
import { groupTarget, userTarget, type EventSpec } from '../core/log-event-builder.js';
import { passwordProblem } from '../core/password-policy.js';
import { hasNul } from '../core/storable-text.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation, type Page, type Repositories, type UserListQuery } from '../core/ports/store.js';
import { firstField, profileProblems } from '../core/user-profile.js';
import { type Profile, type ProviderType, type UserRecord } from '../core/user.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';
import type { OrgDirectory } from './org-directory.js';

export interface CredentialsInput {
  password?: { value: string };
  recoveryQuestion?: { question: string; answer: string };
  provider?: { type: ProviderType; name: string };
}

export interface CreateUserInput {
  profile: Profile;
  credentials?: CredentialsInput;
  groupIds?: string[];
}

export interface CreateUserOptions {
  activate: boolean;
  /** `provider=true`: the user is mastered by an external identity provider and needs no password. */
  provider: boolean;
  nextLogin?: 'changePassword';
}

export interface UpdateUserInput {
  profile?: Profile;
  credentials?: CredentialsInput;
}

const DUPLICATE_LOGIN = validationFailed('login', 'login: An object with this field already exists in the current organization');

/** Hashed credentials, computed before the transaction so argon2 never holds a database lock. */
interface HashedCredentials {
  passwordHash?: string;
  recoveryQuestion?: string;
  recoveryAnswerHash?: string;
}

/** Users: creation, reads, profile and credential updates (lifecycle moves are in user-lifecycle.ts). */
export class UsersService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly org: OrgDirectory,
  ) {}

  async create(ctx: RequestContext, input: CreateUserInput, opts: CreateUserOptions): Promise<UserRecord> {
    const problems = profileProblems(input.profile);
    if (problems.length > 0) throw validationFailed(firstField(problems), ...problems);
    const login = String(input.profile.login);
    const password = input.credentials?.password?.value;
    if (opts.nextLogin === 'changePassword') {
      if (password === undefined) throw new ApiError('E0000124');
      if (!opts.activate) throw new ApiError('E0000125');
    }
    if (password !== undefined) {
      const problem = passwordProblem(password, login);
      if (problem) throw validationFailed('password', problem);
    }
    const groupIds = [...new Set(input.groupIds ?? [])];
    if (groupIds.length > 20) throw validationFailed('groupIds', 'groupIds: A user can be added to at most 20 groups at creation');
    const hashed = await this.hashCredentials(input.credentials);
    const provider = input.credentials?.provider ?? (opts.provider ? { type: 'FEDERATION' as const, name: 'FEDERATION' } : undefined);
    const hasCredential = hashed.passwordHash !== undefined || provider !== undefined;

    const now = this.deps.clock.now().toISOString();
    const status = !opts.activate ? 'STAGED' : !hasCredential ? 'PROVISIONED' : opts.nextLogin ? 'PASSWORD_EXPIRED' : 'ACTIVE';
    const user: UserRecord = {
      id: this.deps.ids.id('user'),
      status,
      created: now,
      activated: opts.activate ? now : null,
      statusChanged: opts.activate ? now : null,
      lastLogin: null,
      lastUpdated: now,
      passwordChanged: hashed.passwordHash ? now : null,
      typeId: await this.org.defaultUserTypeId(),
      profile: input.profile,
      passwordHash: hashed.passwordHash ?? null,
      recoveryQuestion: hashed.recoveryQuestion ?? null,
      recoveryAnswerHash: hashed.recoveryAnswerHash ?? null,
      providerType: provider?.type ?? 'OKTA',
      providerName: provider?.name ?? 'OKTA',
    };
    const everyone = await this.org.everyoneGroupId();
    try {
      await this.deps.store.transaction(async (tx) => {
        const groups = [];
        for (const gid of groupIds) {
          const group = await tx.groups.findById(gid);
          if (!group || group.type !== 'OKTA_GROUP') throw validationFailed('groupIds', `groupIds: Group ${gid} does not exist or is not an Okta group`);
          groups.push(group);
        }
        await tx.users.insert(user);
        await tx.groups.addMember(everyone, user.id, now);
        const target = userTarget(user);
        const specs: EventSpec[] = [{ eventType: 'user.lifecycle.create', targets: [target] }];
        if (opts.activate) specs.push({ eventType: 'user.lifecycle.activate', targets: [target] });
        // Everyone's lastMembershipUpdated is left alone: touching that one row on every create would
        // serialise all user creation on it (Okta, too, does not report it for the built-in group).
        for (const group of groups) {
          await tx.groups.addMember(group.id, user.id, now);
          await tx.groups.update({ ...group, lastMembershipUpdated: now });
          specs.push({ eventType: 'group.user_membership.add', targets: [target, groupTarget(group)] });
        }
        await recordEvents(this.deps, tx, ctx, specs);
      });
    } catch (err) {
      if (err instanceof UniqueViolation && err.constraint === 'login') throw DUPLICATE_LOGIN;
      throw err;
    }
    return user;
  }

  /**
   * Finds a user by id, login, or unambiguous login short name (the part before `@`), as Okta's
   * `GET /api/v1/users/{idOrLogin}` does; `me` is the caller.
   */
  async find(ctx: RequestContext, idOrLogin: string, repos: Repositories = this.deps.store): Promise<UserRecord> {
    if (idOrLogin === 'me') {
      const me = ctx.principal?.user;
      if (!me) throw notFound(idOrLogin, 'User');
      return me;
    }
    // No id or login holds a NUL (and PostgreSQL could not even compare one): see core/storable-text.ts.
    if (hasNul(idOrLogin)) throw notFound(idOrLogin, 'User');
    const byId = idOrLogin.startsWith('00u') ? await repos.users.findById(idOrLogin) : undefined;
    if (byId) return byId;
    const byLogin = await repos.users.findByLogin(idOrLogin);
    if (byLogin) return byLogin;
    if (!idOrLogin.includes('@')) {
      const candidates = await repos.users.findByShortName(idOrLogin, 2);
      if (candidates.length === 1) return candidates[0]!;
    }
    throw notFound(idOrLogin, 'User');
  }

  /** Inside a transaction: finds the user and locks its row until commit (see UserRepo.lockById). */
  async findLocked(ctx: RequestContext, idOrLogin: string, tx: Repositories): Promise<UserRecord> {
    const found = await this.find(ctx, idOrLogin, tx);
    const locked = await tx.users.lockById(found.id);
    if (!locked) throw notFound(idOrLogin, 'User');
    return locked;
  }

  list(query: UserListQuery): Promise<Page<UserRecord>> {
    return this.deps.store.users.list(query);
  }

  searchPrefix(prefix: string, limit: number): Promise<UserRecord[]> {
    return this.deps.store.users.searchPrefix(prefix, limit);
  }

  /**
   * `POST /api/v1/users/{id}` (partial: absent attributes untouched) or `PUT` (replace: the profile
   * becomes exactly what was sent). Read-only fields are dropped at the edge.
   */
  async update(ctx: RequestContext, idOrLogin: string, input: UpdateUserInput, mode: 'partial' | 'replace'): Promise<UserRecord> {
    if (mode === 'replace' && !input.profile) throw validationFailed('profile', 'profile: The field cannot be left blank');
    // Validate and hash before the transaction (argon2 must not hold a lock); the merge itself is redone
    // on the locked row, so a concurrent update is never lost.
    const before = await this.find(ctx, idOrLogin);
    const candidate = mergeProfile(before.profile, input.profile, mode);
    const problems = profileProblems(candidate);
    if (problems.length > 0) throw validationFailed(firstField(problems), ...problems);
    const password = input.credentials?.password?.value;
    if (password !== undefined) {
      const problem = passwordProblem(password, String(candidate.login));
      if (problem) throw validationFailed('password', problem);
    }
    const hashed = await this.hashCredentials(input.credentials);
    try {
      return await this.deps.store.transaction(async (tx) => {
        const existing = await this.findLocked(ctx, before.id, tx);
        if (existing.status === 'DEPROVISIONED') throw new ApiError('E0000038');
        const profile = mergeProfile(existing.profile, input.profile, mode);
        const again = profileProblems(profile);
        if (again.length > 0) throw validationFailed(firstField(again), ...again);
        const changed = changedAttributes(existing.profile, profile);
        const now = this.deps.clock.now().toISOString();
        const updated: UserRecord = {
          ...existing,
          profile,
          lastUpdated: now,
          ...(hashed.passwordHash ? { passwordHash: hashed.passwordHash, passwordChanged: now } : {}),
          ...(hashed.recoveryQuestion ? { recoveryQuestion: hashed.recoveryQuestion, recoveryAnswerHash: hashed.recoveryAnswerHash ?? null } : {}),
        };
        await tx.users.update(updated);
        const target = userTarget(updated);
        const specs: EventSpec[] = [];
        if (changed.length > 0 || !hashed.passwordHash) {
          specs.push({ eventType: 'user.account.update_profile', targets: [target], debugData: { changedAttributes: changed.join(',') } });
        }
        if (hashed.passwordHash) specs.push({ eventType: 'user.account.update_password', targets: [target] });
        await recordEvents(this.deps, tx, ctx, specs);
        return updated;
      });
    } catch (err) {
      if (err instanceof UniqueViolation && err.constraint === 'login') throw DUPLICATE_LOGIN;
      throw err;
    }
  }

  private async hashCredentials(credentials: CredentialsInput | undefined): Promise<HashedCredentials> {
    const out: HashedCredentials = {};
    if (credentials?.password) out.passwordHash = await this.deps.passwords.hash(credentials.password.value);
    if (credentials?.recoveryQuestion) {
      out.recoveryQuestion = credentials.recoveryQuestion.question;
      out.recoveryAnswerHash = await this.deps.passwords.hash(credentials.recoveryQuestion.answer.trim().toLowerCase());
    }
    return out;
  }
}

function mergeProfile(existing: Profile, given: Profile | undefined, mode: 'partial' | 'replace'): Profile {
  return mode === 'replace' ? { ...given } : { ...existing, ...given };
}

function changedAttributes(before: Profile, after: Profile): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).sort();
}
