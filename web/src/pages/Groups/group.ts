/** A group as `/api/v1/groups` returns it (okta-api.md §8). */
export interface Group {
  id: string;
  type: string;
  created?: string;
  lastUpdated?: string;
  lastMembershipUpdated?: string;
  profile: { name: string; description?: string };
  _embedded?: { stats?: { usersCount?: number } };
}

export const groupPath = (groupId: string) => `/api/v1/groups/${encodeURIComponent(groupId)}`;
