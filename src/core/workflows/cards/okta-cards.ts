import type { CardSpec } from '../card.js';
import { httpRequestCard } from './http-request.js';
import { activateUserCard } from './okta-activate-user.js';
import { addUserToGroupCard } from './okta-add-user-to-group.js';
import { clearUserSessionsCard } from './okta-clear-user-sessions.js';
import { createUserCard } from './okta-create-user.js';
import { customApiActionCard } from './okta-custom-api-action.js';
import { deactivateUserCard } from './okta-deactivate-user.js';
import { deleteUserCard } from './okta-delete-user.js';
import { listUsersCard } from './okta-list-users.js';
import { readUserCard } from './okta-read-user.js';
import { removeUserFromGroupCard } from './okta-remove-user-from-group.js';
import { searchLogsCard } from './okta-search-logs.js';
import { suspendUserCard } from './okta-suspend-user.js';
import { unsuspendUserCard } from './okta-unsuspend-user.js';
import { updateUserCard } from './okta-update-user.js';

/** The Okta connector's action cards and the HTTP card. */
export const OKTA_CARDS: readonly CardSpec[] = [
  readUserCard,
  createUserCard,
  updateUserCard,
  activateUserCard,
  deactivateUserCard,
  suspendUserCard,
  unsuspendUserCard,
  deleteUserCard,
  clearUserSessionsCard,
  addUserToGroupCard,
  removeUserFromGroupCard,
  listUsersCard,
  searchLogsCard,
  customApiActionCard,
  httpRequestCard,
];
