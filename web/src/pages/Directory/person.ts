import type { User } from '../../Shell';

/** A person as `GET /api/v1/users/{id}` returns them: with the dates and the status-dependent `_links`. */
export interface Person extends User {
  created?: string;
  activated?: string | null;
  statusChanged?: string | null;
  lastLogin?: string | null;
  lastUpdated?: string;
  passwordChanged?: string | null;
  _links?: Record<string, { href: string; method?: string } | undefined>;
}

export const userPath = (userId: string) => `/api/v1/users/${encodeURIComponent(userId)}`;
