import type { ServiceDeps } from './service-deps.js';

const KEYS = { everyone: 'org.everyoneGroupId', userType: 'org.defaultUserTypeId', created: 'org.created', id: 'org.id' } as const;

/**
 * Org-wide facts fixed when the org is created (the built-in Everyone group, the default user type).
 * They never change afterwards, so each process may keep them once read.
 */
export class OrgDirectory {
  private everyone?: string;
  private userType?: string;
  private id?: string;

  constructor(private readonly deps: ServiceDeps) {}

  async everyoneGroupId(): Promise<string> {
    this.everyone ??= await this.required(KEYS.everyone);
    return this.everyone;
  }

  async defaultUserTypeId(): Promise<string> {
    this.userType ??= await this.required(KEYS.userType);
    return this.userType;
  }

  /** The org's id (`00o…`, Okta's `idp.id` of its own sessions); orgs created before it existed get one now. */
  async orgId(): Promise<string> {
    this.id ??= await this.deps.store.transaction(async (tx) => {
      const existing = await tx.settings.get(KEYS.id);
      if (existing !== undefined) return existing;
      const id = this.deps.ids.id('org');
      await tx.settings.set(KEYS.id, id);
      return id;
    });
    return this.id;
  }

  async isCreated(): Promise<boolean> {
    return (await this.deps.store.settings.get(KEYS.created)) !== undefined;
  }

  /** Creates the org's fixed parts once; returns false if the org already existed. */
  async ensureCreated(): Promise<boolean> {
    return this.deps.store.transaction(async (tx) => {
      if ((await tx.settings.get(KEYS.created)) !== undefined) return false;
      const now = this.deps.clock.now().toISOString();
      const everyone = this.deps.ids.id('group');
      await tx.groups.insert({
        id: everyone,
        type: 'BUILT_IN',
        name: 'Everyone',
        description: 'All users in your organization',
        created: now,
        lastUpdated: now,
        lastMembershipUpdated: now,
      });
      await tx.settings.set(KEYS.everyone, everyone);
      await tx.settings.set(KEYS.userType, this.deps.ids.id('userType'));
      await tx.settings.set(KEYS.id, this.deps.ids.id('org'));
      await tx.settings.set(KEYS.created, now);
      return true;
    });
  }

  private async required(key: string): Promise<string> {
    const value = await this.deps.store.settings.get(key);
    if (value === undefined) throw new Error(`org is not initialised (missing ${key}); run keyflow init or serve`);
    return value;
  }
}
