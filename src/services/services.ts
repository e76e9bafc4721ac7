import { ApiTokensService } from './api-tokens.js';
import { AppGrantsService } from './app-grants.js';
import { AppUsersService } from './app-users.js';
import { AppsService } from './apps.js';
import { AuthenticationService } from './authenticate.js';
import { ClientRolesService } from './client-roles.js';
import { ConsentsService } from './consents.js';
import { ConsoleAppService } from './console-app.js';
import { EventHooksService } from './event-hooks.js';
import { GroupsService } from './groups.js';
import { LogRetentionService } from './log-retention.js';
import { LogsService } from './logs.js';
import { OrgDirectory } from './org-directory.js';
import { OrgSetupService } from './org-setup.js';
import { RolesService } from './roles.js';
import { SessionsService } from './sessions.js';
import { SignInService } from './sign-in.js';
import type { ServiceDeps } from './service-deps.js';
import { UserLifecycleService } from './user-lifecycle.js';
import { UsersService } from './users.js';
import { WorkflowConnectionsService } from './workflow-connections.js';
import { WorkflowExecutionsService } from './workflow-executions.js';
import { WorkflowFlowsService } from './workflow-flows.js';
import { WorkflowsAppService } from './workflows-app.js';

export type Services = ReturnType<typeof createServices>;

/** The use cases of the org, built once from their dependencies. */
export function createServices(deps: ServiceDeps) {
  const org = new OrgDirectory(deps);
  const users = new UsersService(deps, org);
  const lifecycle = new UserLifecycleService(deps, users);
  const groups = new GroupsService(deps, users);
  const roles = new RolesService(deps, users);
  const apiTokens = new ApiTokensService(deps);
  const apps = new AppsService(deps);
  const appUsers = new AppUsersService(deps, apps, users);
  const appGrants = new AppGrantsService(deps, apps);
  const workflowsApp = new WorkflowsAppService(deps, apps, appGrants, appUsers);
  const consoleApp = new ConsoleAppService(deps, apps, appGrants, appUsers);
  return {
    org,
    users,
    lifecycle,
    groups,
    roles,
    apiTokens,
    apps,
    appUsers,
    appGrants,
    consents: new ConsentsService(deps, users, apps),
    clientRoles: new ClientRolesService(deps, apps),
    auth: new AuthenticationService(deps),
    signIn: new SignInService(deps, users, deps.signInPolicy),
    sessions: new SessionsService(deps),
    logs: new LogsService(deps),
    eventHooks: new EventHooksService(deps),
    retention: new LogRetentionService(deps),
    workflowsApp,
    consoleApp,
    workflowConnections: new WorkflowConnectionsService(deps),
    workflowFlows: new WorkflowFlowsService(deps),
    workflowExecutions: new WorkflowExecutionsService(deps),
    setup: new OrgSetupService(deps, org, users, lifecycle, groups, roles, apiTokens, workflowsApp, consoleApp),
  };
}
