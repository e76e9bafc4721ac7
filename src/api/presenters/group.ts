import type { GroupRecord } from '../../core/records.js';

/** A group as Okta returns it (okta-api.md §8); `usersCount` only with `expand=stats`. */
export function presentGroup(group: GroupRecord, origin: string, usersCount?: number) {
  const self = `${origin}/api/v1/groups/${group.id}`;
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: group.type,
    // Okta's schema has no null description; absent properties are omitted (okta-api.md §1.2).
    profile: { name: group.name, ...(group.description !== null ? { description: group.description } : {}) },
    ...(usersCount !== undefined ? { _embedded: { stats: { usersCount, appsCount: 0, groupPushMappingsCount: 0, hasAdminPrivilege: false } } } : {}),
    _links: {
      logo: [
        { name: 'medium', href: `${origin}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' },
        { name: 'large', href: `${origin}/assets/img/logos/groups/okta-large.png`, type: 'image/png' },
      ],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
  };
}
