import { ApiTokensService } from './api-tokens.js';
import { AuthenticationService } from './authenticate.js';
import { GroupsService } from './groups.js';
import { LogsService } from './logs.js';
import { OrgDirectory } from './org-directory.js';
import { OrgSetupService } from './org-setup.js';
import { RolesService } from './roles.js';
import type { ServiceDeps } from './service-deps.js';
import { UserLifecycleService } from './user-lifecycle.js';
import { UsersService } from './users.js';

export type Services = ReturnType<typeof createServices>;

/** The use cases of the org, built once from their dependencies. */
export function createServices(deps: ServiceDeps) {
  const org = new OrgDirectory(deps);
  const users = new UsersService(deps, org);
  const lifecycle = new UserLifecycleService(deps, users);
  const groups = new GroupsService(deps, users);
  const roles = new RolesService(deps, users);
  const apiTokens = new ApiTokensService(deps);
  return {
    org,
    users,
    lifecycle,
    groups,
    roles,
    apiTokens,
    auth: new AuthenticationService(deps),
    logs: new LogsService(deps),
    setup: new OrgSetupService(deps, org, users, lifecycle, groups, roles, apiTokens),
  };
}
