import { jobContext } from '../core/log-event-builder.js';
import type { UserRecord } from '../core/user.js';
import type { ApiTokensService } from './api-tokens.js';
import type { ConsoleAppService } from './console-app.js';
import type { GroupsService } from './groups.js';
import type { OrgDirectory } from './org-directory.js';
import type { RolesService } from './roles.js';
import type { ServiceDeps } from './service-deps.js';
import type { UserLifecycleService } from './user-lifecycle.js';
import type { UsersService } from './users.js';
import type { WorkflowsAppService } from './workflows-app.js';

export interface SetupInput {
  adminLogin?: string;
  adminPassword?: string;
  /** An exact SSWS token value to create for the admin (KEYFLOW_API_TOKEN). */
  apiToken?: string;
  /** Seed demo people and groups on first creation. */
  demo: boolean;
}

export interface SetupResult {
  orgCreated: boolean;
  admin: { id: string; login: string; created: boolean; password?: string };
  apiToken?: { id: string; value: string; created: boolean };
  demo?: { users: number; groups: number };
}

const DEFAULT_ADMIN = 'admin@example.com';

const DEMO_GROUPS = ['Engineering', 'Sales', 'Support'] as const;
const DEMO_PEOPLE = [
  ['Ada', 'Lovelace', 'Engineering'],
  ['Grace', 'Hopper', 'Engineering'],
  ['Alan', 'Turing', 'Engineering'],
  ['Katherine', 'Johnson', 'Sales'],
  ['Linus', 'Torvalds', 'Sales'],
  ['Margaret', 'Hamilton', 'Support'],
  ['Dennis', 'Ritchie', 'Support'],
] as const;

/**
 * First start and `keyflow init`: the org, its Super Admin, an optional API token with a given value,
 * and the demo directory. Safe to run again: only what is missing is created, so a container can pass
 * the same environment on every start.
 */
export class OrgSetupService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly org: OrgDirectory,
    private readonly users: UsersService,
    private readonly lifecycle: UserLifecycleService,
    private readonly groups: GroupsService,
    private readonly roles: RolesService,
    private readonly apiTokens: ApiTokensService,
    private readonly workflowsApp: WorkflowsAppService,
    private readonly consoleApp: ConsoleAppService,
  ) {}

  async run(input: SetupInput): Promise<SetupResult> {
    const ctx = jobContext(this.deps.ids.requestId());
    const orgCreated = await this.org.ensureCreated();
    const login = input.adminLogin ?? DEFAULT_ADMIN;
    let admin = await this.deps.store.users.findByLogin(login);
    let password: string | undefined;
    const adminCreated = !admin;
    if (!admin) {
      // A generated password meets Okta's default policy: upper, lower, digit, 8+ characters.
      password = input.adminPassword ?? `Kf-${this.deps.ids.secret(16)}9a`;
      admin = await this.users.create(
        ctx,
        { profile: { login, email: login.includes('@') ? login : `${login}@example.com`, firstName: 'Keyflow', lastName: 'Admin' }, credentials: { password: { value: password } } },
        { activate: true, provider: false },
      );
      await this.roles.assign(ctx, admin.id, 'SUPER_ADMIN');
      if (input.adminPassword !== undefined) password = undefined; // never echo a password the caller chose
    }
    const result: SetupResult = { orgCreated, admin: { id: admin.id, login, created: adminCreated, ...(password ? { password } : {}) } };
    if (input.apiToken !== undefined) result.apiToken = await this.ensureToken(ctx, admin, input.apiToken);
    else if (adminCreated) {
      const { token, value } = await this.apiTokens.create(ctx, { name: 'keyflow-init' }, admin);
      result.apiToken = { id: token.id, value, created: true };
    }
    if (orgCreated && input.demo) result.demo = await this.seedDemo(ctx);
    // The Workflows engine's OAuth client, assigned to the first admin so they can authorize connections.
    await this.workflowsApp.ensure(ctx, adminCreated ? admin : undefined);
    // The admin console's OAuth client. A new one is assigned to this admin, also when an org made before
    // the console gets it on upgrade, so that someone can sign in to /console/ (docs/console.md).
    await this.consoleApp.ensure(ctx, admin);
    return result;
  }

  private async ensureToken(ctx: ReturnType<typeof jobContext>, admin: UserRecord, value: string): Promise<SetupResult['apiToken']> {
    const existing = await this.deps.store.apiTokens.findByHash(this.deps.digest(value));
    if (existing && existing.revokedAt === null) return { id: existing.id, value, created: false };
    const { token } = await this.apiTokens.create(ctx, { name: 'KEYFLOW_API_TOKEN', value }, admin);
    return { id: token.id, value, created: true };
  }

  private async seedDemo(ctx: ReturnType<typeof jobContext>): Promise<{ users: number; groups: number }> {
    const groupIds = new Map<string, string>();
    for (const name of DEMO_GROUPS) {
      const group = await this.groups.create(ctx, { name, description: `${name} team (demo)` });
      groupIds.set(name, group.id);
    }
    const created: UserRecord[] = [];
    for (const [firstName, lastName, team] of DEMO_PEOPLE) {
      const login = `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.com`;
      created.push(
        await this.users.create(
          ctx,
          { profile: { login, email: login, firstName, lastName, department: team }, groupIds: [groupIds.get(team)!] },
          { activate: true, provider: true },
        ),
      );
    }
    // A directory worth exploring has people in more than one state.
    await this.lifecycle.apply(ctx, created[4]!.id, 'suspend');
    await this.lifecycle.apply(ctx, created[6]!.id, 'deactivate');
    return { users: created.length, groups: DEMO_GROUPS.length };
  }
}
