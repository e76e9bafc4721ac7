/**
 * The OAuth 2.0 scopes Keyflow's org authorization server knows: the OpenID Connect scopes and Okta's
 * `okta.*` scopes.
 *
 * `description` is Okta's own wording, copied from the `securitySchemes.oauth2` scope lists of
 * shared/okta-spec/management-minimal.yaml and oauth-minimal.yaml; `consentText` is Keyflow's short
 * phrase for the consent page, which reads "<App> would like to:" followed by one phrase per scope.
 * test/unit/scopes.test.ts checks the `okta.*` rows against both spec files.
 *
 * Not listed: scopes the spec names on operations without declaring them (`okta.myAccount.*`,
 * `okta.users.create`, `okta.support.cases.manage`, …) have no wording from Okta, so they fall back to
 * {@link describeScope}'s generic phrase; `ssf.*` and `device_sso` are not scopes Keyflow serves.
 */
export interface ScopeEntry {
  readonly id: string;
  /** Okta's description of the scope, verbatim from the spec. */
  readonly description: string;
  /** A short plain-English phrase that completes "<App> would like to:". */
  readonly consentText: string;
}

export const OKTA_SCOPES = [
  // OpenID Connect (oauth-minimal.yaml)
  { id: 'openid', description: 'Identifies the request as an OpenID Connect request', consentText: 'Confirm who you are' },
  {
    id: 'profile',
    description: "Requests access to the end user's default profile claims",
    consentText: 'See your name and basic profile',
  },
  {
    id: 'email',
    description: 'Requests access to the `email` and `email_verified` claims',
    consentText: 'See your email address',
  },
  { id: 'address', description: 'Requests access to the `address` claim', consentText: 'See your postal address' },
  {
    id: 'phone',
    description: 'Requests access to the `phone_number` and `phone_number_verified` claims',
    consentText: 'See your phone number',
  },
  {
    id: 'offline_access',
    description: 'Requests a refresh token used to obtain more access tokens without re-prompting the user for authentication',
    consentText: "Keep access to your data when you're not using the app",
  },
  { id: 'groups', description: 'Requests access to the `groups` claim', consentText: 'See the groups you belong to' },
  // okta.* management scopes (management-minimal.yaml)
  {
    id: 'okta.agentPools.manage',
    description: 'Allows the app to create and manage agent pools in your Okta organization',
    consentText: "Create and manage your org's agent pools",
  },
  {
    id: 'okta.agentPools.read',
    description: 'Allows the app to read agent pools in your Okta organization',
    consentText: "Read your org's agent pools",
  },
  {
    id: 'okta.apiTokens.manage',
    description: 'Allows the app to manage API Tokens in your Okta organization',
    consentText: "Manage your org's API tokens",
  },
  {
    id: 'okta.apiTokens.read',
    description: 'Allows the app to read API Tokens in your Okta organization',
    consentText: "Read your org's API tokens",
  },
  {
    id: 'okta.appGrants.manage',
    description: 'Allows the app to create and manage grants in your Okta organization',
    consentText: "Create and manage your org's app grants",
  },
  {
    id: 'okta.appGrants.read',
    description: 'Allows the app to read grants in your Okta organization',
    consentText: "Read your org's app grants",
  },
  {
    id: 'okta.apps.interclientTrust.manage',
    description: 'Allows the app to manage trusted relationship for native to web SSO',
    consentText: 'Manage which native apps may sign in to web apps for you',
  },
  {
    id: 'okta.apps.interclientTrust.read',
    description: 'Allows the app to read configured trusted relationship for native to web SSO',
    consentText: 'Read which native apps may sign in to web apps for you',
  },
  {
    id: 'okta.apps.manage',
    description: 'Allows the app to create and manage Apps in your Okta organization',
    consentText: "Create and manage your org's apps",
  },
  {
    id: 'okta.apps.read',
    description: 'Allows the app to read information about Apps in your Okta organization',
    consentText: "Read your org's apps",
  },
  {
    id: 'okta.authenticators.manage',
    description: 'Allows the app to manage all authenticators. For example, enrollments or resets.',
    consentText: "Manage your org's authenticators, including enrollments and resets",
  },
  {
    id: 'okta.authenticators.read',
    description: 'Allows the app to read org authenticators information',
    consentText: "Read your org's authenticators",
  },
  {
    id: 'okta.authorizationServers.manage',
    description: 'Allows the app to create and manage Authorization Servers in your Okta organization',
    consentText: "Create and manage your org's authorization servers",
  },
  {
    id: 'okta.authorizationServers.read',
    description: 'Allows the app to read information about Authorization Servers in your Okta organization',
    consentText: "Read your org's authorization servers",
  },
  {
    id: 'okta.behaviors.manage',
    description: 'Allows the app to create and manage behavior detection rules in your Okta organization',
    consentText: "Create and manage your org's behavior detection rules",
  },
  {
    id: 'okta.behaviors.read',
    description: 'Allows the app to read behavior detection rules in your Okta org',
    consentText: "Read your org's behavior detection rules",
  },
  {
    id: 'okta.botProtection.manage',
    description: 'Allows the app to manage bot protection configuration in your Okta org',
    consentText: "Manage your org's bot protection settings",
  },
  {
    id: 'okta.botProtection.read',
    description: 'Allows the app to read bot protection configuration in your Okta org',
    consentText: "Read your org's bot protection settings",
  },
  {
    id: 'okta.brands.manage',
    description: 'Allows the app to create and manage Brands and Themes in your Okta organization',
    consentText: "Create and manage your org's brands and themes",
  },
  {
    id: 'okta.brands.read',
    description: 'Allows the app to read information about Brands and Themes in your Okta organization',
    consentText: "Read your org's brands and themes",
  },
  {
    id: 'okta.captchas.manage',
    description: 'Allows the app to create and manage CAPTCHAs in your Okta organization',
    consentText: "Create and manage your org's CAPTCHAs",
  },
  {
    id: 'okta.captchas.read',
    description: 'Allows the app to read information about CAPTCHAs in your Okta organization',
    consentText: "Read your org's CAPTCHAs",
  },
  {
    id: 'okta.customTelephonyProvider.manage',
    description: 'Allows the app to create and manage custom telephony provider credentials',
    consentText: "Create and manage your org's custom telephony provider credentials",
  },
  {
    id: 'okta.customTelephonyProvider.read',
    description: 'Allows the app to read custom telephony provider credentials',
    consentText: "Read your org's custom telephony provider credentials",
  },
  {
    id: 'okta.deviceAssurance.manage',
    description: 'Allows the app to manage device assurances',
    consentText: "Manage your org's device assurance policies",
  },
  {
    id: 'okta.deviceAssurance.read',
    description: 'Allows the app to read device assurances',
    consentText: "Read your org's device assurance policies",
  },
  {
    id: 'okta.deviceIntegrations.manage',
    description: 'Allows the app to manage device integrations',
    consentText: "Manage your org's device integrations",
  },
  {
    id: 'okta.deviceIntegrations.read',
    description: 'Allows the app to read device integrations',
    consentText: "Read your org's device integrations",
  },
  {
    id: 'okta.devicePostureChecks.manage',
    description: 'Allows the app to manage device posture checks',
    consentText: "Manage your org's device posture checks",
  },
  {
    id: 'okta.devicePostureChecks.read',
    description: 'Allows the app to read device posture checks',
    consentText: "Read your org's device posture checks",
  },
  {
    id: 'okta.devices.manage',
    description: 'Allows the app to manage device status transitions and delete a device',
    consentText: "Change the status of your org's devices and delete them",
  },
  {
    id: 'okta.devices.read',
    description: "Allows the app to read the existing device's profile and search devices",
    consentText: "Read and search your org's devices",
  },
  {
    id: 'okta.directories.groups.manage',
    description: 'Allows the app to manage AD/LDAP groups for your Okta organization',
    consentText: "Manage your org's AD and LDAP groups",
  },
  {
    id: 'okta.directories.groups.read',
    description: 'Allows the app to read AD/LDAP groups for your Okta organization',
    consentText: "Read your org's AD and LDAP groups",
  },
  {
    id: 'okta.domains.manage',
    description: 'Allows the app to manage custom Domains for your Okta organization',
    consentText: "Manage your org's custom domains",
  },
  {
    id: 'okta.domains.read',
    description: 'Allows the app to read information about custom Domains for your Okta organization',
    consentText: "Read your org's custom domains",
  },
  {
    id: 'okta.dr.manage',
    description: 'Allows the app to manage disaster recovery',
    consentText: "Manage your org's disaster recovery",
  },
  {
    id: 'okta.dr.read',
    description: 'Allows the app to read the disaster recovery status',
    consentText: "Read your org's disaster recovery status",
  },
  {
    id: 'okta.emailDomains.manage',
    description: 'Allows the app to manage Email Domains for your Okta organization',
    consentText: "Manage your org's email domains",
  },
  {
    id: 'okta.emailDomains.read',
    description: 'Allows the app to read information about Email Domains for your Okta organization',
    consentText: "Read your org's email domains",
  },
  {
    id: 'okta.emailServers.manage',
    description: 'Allows the app to manage Email Servers for your Okta organization',
    consentText: "Manage your org's email servers",
  },
  {
    id: 'okta.emailServers.read',
    description: 'Allows the app to read information about Email Servers for your Okta organization',
    consentText: "Read your org's email servers",
  },
  {
    id: 'okta.eventHooks.manage',
    description: 'Allows the app to create and manage Event Hooks in your Okta organization',
    consentText: "Create and manage your org's event hooks",
  },
  {
    id: 'okta.eventHooks.read',
    description: 'Allows the app to read information about Event Hooks in your Okta organization',
    consentText: "Read your org's event hooks",
  },
  {
    id: 'okta.features.manage',
    description: 'Allows the app to create and manage Features in your Okta organization',
    consentText: "Turn your org's features on and off",
  },
  {
    id: 'okta.features.read',
    description: 'Allows the app to read information about Features in your Okta organization',
    consentText: "Read your org's features",
  },
  {
    id: 'okta.groups.manage',
    description: 'Allows the app to create and manage groups in your Okta organization',
    consentText: "Create and manage your org's groups",
  },
  {
    id: 'okta.groups.read',
    description: 'Allows the app to read information about groups and their members in your Okta organization',
    consentText: "Read your org's groups and their members",
  },
  {
    id: 'okta.identitySources.manage',
    description: 'Allows the custom identity sources to manage user entities in your Okta organization',
    consentText: "Manage users from your org's custom identity sources",
  },
  {
    id: 'okta.identitySources.read',
    description: 'Allows to read session information for custom identity sources in your Okta organization',
    consentText: "Read your org's custom identity source sessions",
  },
  {
    id: 'okta.idps.manage',
    description: 'Allows the app to create and manage Identity Providers in your Okta organization',
    consentText: "Create and manage your org's identity providers",
  },
  {
    id: 'okta.idps.read',
    description: 'Allows the app to read information about Identity Providers in your Okta organization',
    consentText: "Read your org's identity providers",
  },
  {
    id: 'okta.inlineHooks.manage',
    description: 'Allows the app to create and manage Inline Hooks in your Okta organization',
    consentText: "Create and manage your org's inline hooks",
  },
  {
    id: 'okta.inlineHooks.read',
    description: 'Allows the app to read information about Inline Hooks in your Okta organization',
    consentText: "Read your org's inline hooks",
  },
  {
    id: 'okta.linkedObjects.manage',
    description: 'Allows the app to manage linked object definitions in your Okta organization',
    consentText: "Manage your org's linked object definitions",
  },
  {
    id: 'okta.linkedObjects.read',
    description: 'Allows the app to read linked object definitions in your Okta organization',
    consentText: "Read your org's linked object definitions",
  },
  {
    id: 'okta.logStreams.manage',
    description: 'Allows the app to create and manage log streams in your Okta organization',
    consentText: "Create and manage your org's log streams",
  },
  {
    id: 'okta.logStreams.read',
    description: 'Allows the app to read information about log streams in your Okta organization',
    consentText: "Read your org's log streams",
  },
  {
    id: 'okta.logs.read',
    description: 'Allows the app to read information about System Log entries in your Okta organization',
    consentText: "Read your org's System Log",
  },
  {
    id: 'okta.networkZones.manage',
    description: 'Allows the app to create and manage Network Zones in your Okta organization',
    consentText: "Create and manage your org's network zones",
  },
  {
    id: 'okta.networkZones.read',
    description: 'Allows the app to read Network Zones in your Okta organization',
    consentText: "Read your org's network zones",
  },
  {
    id: 'okta.oauthIntegrations.manage',
    description: 'Allows the app to create and manage API service Integration instances in your Okta organization',
    consentText: "Create and manage your org's API service integrations",
  },
  {
    id: 'okta.oauthIntegrations.read',
    description: 'Allows the app to read API service Integration instances in your Okta organization',
    consentText: "Read your org's API service integrations",
  },
  {
    id: 'okta.orgs.manage',
    description: 'Allows the app to manage organization-specific details for your Okta organization',
    consentText: "Manage your org's settings",
  },
  {
    id: 'okta.orgs.read',
    description: 'Allows the app to read organization-specific details about your Okta organization',
    consentText: "Read your org's settings",
  },
  {
    id: 'okta.personal.adminSettings.manage',
    description: 'Allows the app to manage the personal admin settings for the signed-in user',
    consentText: 'Manage your personal admin settings',
  },
  {
    id: 'okta.personal.adminSettings.read',
    description: 'Allows the app to read the personal admin settings for the signed-in user',
    consentText: 'Read your personal admin settings',
  },
  {
    id: 'okta.policies.manage',
    description: 'Allows the app to manage policies in your Okta organization',
    consentText: "Manage your org's policies",
  },
  {
    id: 'okta.policies.read',
    description: 'Allows the app to read information about policies in your Okta organization',
    consentText: "Read your org's policies",
  },
  {
    id: 'okta.principalRateLimits.manage',
    description: 'Allows the app to create and manage Principal Rate Limits in your Okta organization',
    consentText: "Create and manage your org's principal rate limits",
  },
  {
    id: 'okta.principalRateLimits.read',
    description: 'Allows the app to read information about Principal Rate Limits in your Okta organization',
    consentText: "Read your org's principal rate limits",
  },
  {
    id: 'okta.profileMappings.manage',
    description: 'Allows the app to manage user profile mappings in your Okta organization',
    consentText: "Manage your org's profile mappings",
  },
  {
    id: 'okta.profileMappings.read',
    description: 'Allows the app to read user profile mappings in your Okta organization',
    consentText: "Read your org's profile mappings",
  },
  {
    id: 'okta.pushProviders.manage',
    description: 'Allows the app to create and manage push notification providers such as APNs and FCM',
    consentText: "Create and manage your org's push notification providers",
  },
  {
    id: 'okta.pushProviders.read',
    description: 'Allows the app to read push notification providers such as APNs and FCM',
    consentText: "Read your org's push notification providers",
  },
  {
    id: 'okta.rateLimits.manage',
    description: 'Allows the app to create and manage rate limits in your Okta organization',
    consentText: "Manage your org's rate limits",
  },
  {
    id: 'okta.rateLimits.read',
    description: 'Allows the app to read information about rate limits in your Okta organization',
    consentText: "Read your org's rate limits",
  },
  {
    id: 'okta.realmAssignments.manage',
    description: 'Allows a user to manage realm assignments',
    consentText: "Manage your org's realm assignments",
  },
  {
    id: 'okta.realmAssignments.read',
    description: 'Allows a user to read realm assignments',
    consentText: "Read your org's realm assignments",
  },
  {
    id: 'okta.realms.manage',
    description: 'Allows the app to create new realms and to manage their details',
    consentText: "Create and manage your org's realms",
  },
  {
    id: 'okta.realms.read',
    description: 'Allows the app to read the existing realms and their details',
    consentText: "Read your org's realms",
  },
  {
    id: 'okta.roles.manage',
    description: 'Allows the app to manage administrative role assignments for users in your Okta organization. Delegated admins with this permission can only manage user credential fields and not the credential values themselves.',
    consentText: "Manage your org's admin role assignments",
  },
  {
    id: 'okta.roles.read',
    description: 'Allows the app to read administrative role assignments for users in your Okta organization. Delegated admins with this permission can only read user credential fields and not the credential values themselves.',
    consentText: "Read your org's admin role assignments",
  },
  {
    id: 'okta.schemas.manage',
    description: 'Allows the app to create and manage Schemas in your Okta organization',
    consentText: "Create and manage your org's profile schemas",
  },
  {
    id: 'okta.schemas.read',
    description: 'Allows the app to read information about Schemas in your Okta organization',
    consentText: "Read your org's profile schemas",
  },
  {
    id: 'okta.securityEventsProviders.manage',
    description: 'Allows the app to create and manage Security Events Providers in your Okta organization',
    consentText: "Create and manage your org's security events providers",
  },
  {
    id: 'okta.securityEventsProviders.read',
    description: 'Allows the app to read information about Security Events Providers in your Okta organization',
    consentText: "Read your org's security events providers",
  },
  {
    id: 'okta.serviceAccounts.manage',
    description: 'Allows the app to manage service accounts in your Okta organization',
    consentText: "Manage your org's service accounts",
  },
  {
    id: 'okta.serviceAccounts.okta.manage',
    description: 'Allows the app to manage Okta managed user accounts in your Okta org',
    consentText: "Manage your org's Okta-managed user accounts",
  },
  {
    id: 'okta.serviceAccounts.okta.read',
    description: 'Allows the app to read Okta managed user accounts in your Okta org',
    consentText: "Read your org's Okta-managed user accounts",
  },
  {
    id: 'okta.serviceAccounts.read',
    description: 'Allows the app to read service accounts in your Okta organization',
    consentText: "Read your org's service accounts",
  },
  {
    id: 'okta.sessions.manage',
    description: 'Allows the app to manage all sessions in your Okta organization',
    consentText: 'Manage all sessions in your org',
  },
  {
    id: 'okta.sessions.read',
    description: 'Allows the app to read all sessions in your Okta organization',
    consentText: 'Read all sessions in your org',
  },
  {
    id: 'okta.templates.manage',
    description: 'Allows the app to manage all custom templates in your Okta organization',
    consentText: "Manage your org's custom templates",
  },
  {
    id: 'okta.templates.read',
    description: 'Allows the app to read all custom templates in your Okta organization',
    consentText: "Read your org's custom templates",
  },
  {
    id: 'okta.threatInsights.manage',
    description: 'Allows the app to manage all ThreatInsight configurations in your Okta organization',
    consentText: "Manage your org's ThreatInsight settings",
  },
  {
    id: 'okta.threatInsights.read',
    description: 'Allows the app to read all ThreatInsight configurations in your Okta organization',
    consentText: "Read your org's ThreatInsight settings",
  },
  {
    id: 'okta.trustedOrigins.manage',
    description: 'Allows the app to manage all Trusted Origins in your Okta organization',
    consentText: "Manage your org's trusted origins",
  },
  {
    id: 'okta.trustedOrigins.read',
    description: 'Allows the app to read all Trusted Origins in your Okta organization',
    consentText: "Read your org's trusted origins",
  },
  {
    id: 'okta.uischemas.manage',
    description: 'Allows the app to manage all the UI Schemas in your Okta organization',
    consentText: "Manage your org's UI schemas",
  },
  {
    id: 'okta.uischemas.read',
    description: 'Allows the app to read all the UI Schemas in your Okta organization',
    consentText: "Read your org's UI schemas",
  },
  {
    id: 'okta.userRisk.manage',
    description: "Allows the app to manage a user's risk in your Okta org",
    consentText: "Manage the risk level of your org's users",
  },
  {
    id: 'okta.userRisk.read',
    description: "Allows the app to read a user's risk in your Okta org",
    consentText: "Read the risk level of your org's users",
  },
  {
    id: 'okta.userTypes.manage',
    description: 'Allows the app to manage user types in your Okta org',
    consentText: "Manage your org's user types",
  },
  {
    id: 'okta.userTypes.read',
    description: 'Allows the app to read user types in your Okta org',
    consentText: "Read your org's user types",
  },
  {
    id: 'okta.users.manage',
    description: "Allows the app to create new users and to manage all users' profile and credentials information",
    consentText: "Create and manage your org's users, including their credentials",
  },
  {
    id: 'okta.users.read',
    description: "Allows the app to read the existing users' profiles and credentials",
    consentText: "Read your org's users",
  },
  // okta.* scopes of the OAuth API (oauth-minimal.yaml)
  {
    id: 'okta.clients.manage',
    description: 'Allows the app to manage clients in your Okta org',
    consentText: "Manage your org's OAuth clients",
  },
  {
    id: 'okta.clients.read',
    description: 'Allows the app to read information about clients in your Okta org',
    consentText: "Read your org's OAuth clients",
  },
  {
    id: 'okta.clients.register',
    description: 'Allows the app to register new clients in your Okta org',
    consentText: 'Register new OAuth clients in your org',
  },
  {
    id: 'okta.universalLogout.manage',
    description: 'Allows an admin or a service to initiate Universal Logout and revoke all tokens and sessions associated with a specific user',
    consentText: 'Sign users out everywhere and revoke their tokens',
  },
  {
    id: 'okta.workflows.invoke.manage',
    description: 'Allows the app to trigger an OAuth 2.0 protected flow',
    consentText: "Run your org's OAuth-protected Workflows flows",
  },
] as const satisfies readonly ScopeEntry[];

/**
 * Keyflow's own management scopes, for its extensions (docs/workflows.md): issued by the org
 * authorization server like `okta.*` scopes, only once granted to the app (`/api/v1/apps/{id}/grants`).
 */
export const KEYFLOW_SCOPES = [
  { id: 'keyflow.workflows.read', description: "Allows the app to read the org's Workflows connections, flows and executions", consentText: 'See your Workflows connections, flows and run history' },
  { id: 'keyflow.workflows.manage', description: "Allows the app to manage the org's Workflows connections, flows and executions", consentText: 'Create, change and run your Workflows flows and connections' },
] as const satisfies readonly ScopeEntry[];

/** Every scope of the org authorization server: Okta's catalogue and Keyflow's own. */
export const ORG_SCOPES: readonly ScopeEntry[] = [...OKTA_SCOPES, ...KEYFLOW_SCOPES];

export type KnownScope = (typeof OKTA_SCOPES)[number]['id'] | (typeof KEYFLOW_SCOPES)[number]['id'];

const BY_ID: ReadonlyMap<string, ScopeEntry> = new Map(ORG_SCOPES.map((s) => [s.id, s]));

export function isKnownScope(id: string): id is KnownScope {
  return BY_ID.has(id);
}

/** Okta's management scopes all share the `okta.` prefix; OIDC scopes and custom scopes do not. */
/** The OpenID Connect scopes of the catalogue (every app may request them; okta.* ones need a grant). */
export const OIDC_SCOPE_IDS: readonly string[] = OKTA_SCOPES.map((s) => s.id).filter((id) => !id.startsWith('okta.'));

export function isOktaScope(id: string): boolean {
  return id.startsWith('okta.');
}

/** Scopes an app gets only once an admin grants them: Okta's `okta.*` and Keyflow's `keyflow.*`. */
export function isManagementScope(id: string): boolean {
  return id.startsWith('okta.') || id.startsWith('keyflow.');
}

/**
 * Whether a token granted `granted` may call an endpoint that requires `required`.
 *
 * The rule is "manage implies read", as for admin permissions in roles.ts: `okta.X.manage` also
 * satisfies `okta.X.read`, where X may be dotted (`okta.apps.interclientTrust.manage` satisfies
 * `okta.apps.interclientTrust.read`). It does not reach across resources: `okta.serviceAccounts.manage`
 * does not satisfy `okta.serviceAccounts.okta.read`, nor `okta.apps.manage` `okta.apps.interclientTrust.read`.
 * Okta's spec declares no `.self` scopes, so none are handled.
 *
 * @example scopeSatisfies(['openid', 'okta.users.manage'], 'okta.users.read') // true
 */
export function scopeSatisfies(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  if (!isManagementScope(required) || !required.endsWith('.read')) return false;
  return granted.includes(`${required.slice(0, -'.read'.length)}.manage`);
}

/** The consent-page phrase for a scope; unknown scopes get a generic phrase naming the scope. */
export function describeScope(id: string): string {
  return BY_ID.get(id)?.consentText ?? `Use the “${id}” permission`;
}
