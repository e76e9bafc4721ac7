import { ApiError, notFound, validationFailed } from '../core/errors.js';
import type { FilterNode } from '../core/filter/ast.js';
import { groupTarget, userTarget } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation, type Page } from '../core/ports/store.js';
import type { GroupRecord } from '../core/records.js';
import type { UserRecord } from '../core/user.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';
import type { UsersService } from './users.js';

export interface GroupProfileInput {
  name: string;
  description: string | null;
}

const DUPLICATE_NAME = validationFailed('name', 'name: An object with this field already exists in the current organization');

/** Okta groups (okta-api.md §8): only OKTA_GROUP groups can be edited or have members added by API. */
export class GroupsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly users: UsersService,
  ) {}

  async create(ctx: RequestContext, profile: GroupProfileInput): Promise<GroupRecord> {
    checkProfile(profile);
    const now = this.deps.clock.now().toISOString();
    const group: GroupRecord = {
      id: this.deps.ids.id('group'),
      type: 'OKTA_GROUP',
      name: profile.name,
      description: profile.description,
      created: now,
      lastUpdated: now,
      lastMembershipUpdated: now,
    };
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.groups.insert(group);
        await recordEvents(this.deps, tx, ctx, [{ eventType: 'group.lifecycle.create', targets: [groupTarget(group)] }]);
      });
    } catch (err) {
      if (err instanceof UniqueViolation) throw DUPLICATE_NAME;
      throw err;
    }
    return group;
  }

  async get(id: string): Promise<GroupRecord> {
    const group = await this.deps.store.groups.findById(id);
    if (!group) throw notFound(id, 'UserGroup');
    return group;
  }

  list(query: { namePrefix?: string; filter?: FilterNode; limit: number; after?: string }): Promise<Page<GroupRecord>> {
    return this.deps.store.groups.list(query);
  }

  async replace(ctx: RequestContext, id: string, profile: GroupProfileInput): Promise<GroupRecord> {
    checkProfile(profile);
    const group = await this.get(id);
    if (group.type !== 'OKTA_GROUP') throw new ApiError('E0000006');
    const updated: GroupRecord = { ...group, name: profile.name, description: profile.description, lastUpdated: this.deps.clock.now().toISOString() };
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.groups.update(updated);
        await recordEvents(this.deps, tx, ctx, [{ eventType: 'group.profile.update', targets: [groupTarget(updated)] }]);
      });
    } catch (err) {
      if (err instanceof UniqueViolation) throw DUPLICATE_NAME;
      throw err;
    }
    return updated;
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const group = await this.get(id);
    if (group.type === 'BUILT_IN') throw new ApiError('E0000006');
    await this.deps.store.transaction(async (tx) => {
      await tx.groups.delete(id);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'group.lifecycle.delete', targets: [groupTarget(group)] }]);
    });
  }

  /** Adding an existing member is a no-op 204, as in Okta (PUT is idempotent). */
  async addMember(ctx: RequestContext, groupId: string, userId: string): Promise<void> {
    const group = await this.get(groupId);
    if (group.type !== 'OKTA_GROUP') throw new ApiError('E0000006');
    const user = await this.users.find(ctx, userId);
    await this.deps.store.transaction(async (tx) => {
      if (await tx.groups.isMember(group.id, user.id)) return;
      const now = this.deps.clock.now().toISOString();
      await tx.groups.addMember(group.id, user.id, now);
      await tx.groups.update({ ...group, lastMembershipUpdated: now });
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'group.user_membership.add', targets: [userTarget(user), groupTarget(group)] }]);
    });
  }

  async removeMember(ctx: RequestContext, groupId: string, userId: string): Promise<void> {
    const group = await this.get(groupId);
    if (group.type !== 'OKTA_GROUP') throw new ApiError('E0000006');
    const user = await this.users.find(ctx, userId);
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.groups.removeMember(group.id, user.id))) return;
      await tx.groups.update({ ...group, lastMembershipUpdated: this.deps.clock.now().toISOString() });
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'group.user_membership.remove', targets: [userTarget(user), groupTarget(group)] }]);
    });
  }

  async members(groupId: string, limit: number, after?: string): Promise<Page<UserRecord>> {
    await this.get(groupId);
    return this.deps.store.groups.listMembers(groupId, limit, after);
  }

  countMembers(groupId: string): Promise<number> {
    return this.deps.store.groups.countMembers(groupId);
  }

  async groupsOf(ctx: RequestContext, idOrLogin: string): Promise<GroupRecord[]> {
    const user = await this.users.find(ctx, idOrLogin);
    return this.deps.store.groups.listGroupsOfUser(user.id);
  }
}

function checkProfile(profile: GroupProfileInput): void {
  if (profile.name.trim() === '') throw validationFailed('name', 'name: The field cannot be left blank');
  if (profile.name.length > 255) throw validationFailed('name', 'name: The field is too long; the maximum length is 255');
  if (profile.description !== null && profile.description.length > 1024) {
    throw validationFailed('description', 'description: The field is too long; the maximum length is 1024');
  }
}
