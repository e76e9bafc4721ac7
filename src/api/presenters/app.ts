import type { AppRecord, AppUserRecord } from '../../core/apps.js';
import type { UserRecord } from '../../core/user.js';

/**
 * An OIDC app as Okta's `OpenIdConnectApplication` (okta-spec OpenidConnectResponseEx). Fields Keyflow
 * does not model carry the values of an app that never used them (no VPN notice, no provisioning,
 * hidden dashboard tile). `clientSecret` is the opened secret, shown to admins as Okta shows it.
 */
export function presentApp(app: AppRecord, clientSecret: string | null, origin: string) {
  const self = `${origin}/api/v1/apps/${app.id}`;
  const lifecycle = app.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    id: app.id,
    name: 'oidc_client',
    label: app.label,
    status: app.status,
    created: app.created,
    lastUpdated: app.lastUpdated,
    signOnMode: 'OPENID_CONNECT',
    accessibility: { selfService: false },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: { oidc_client_link: true } },
    features: [],
    credentials: {
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
      signing: {},
      oauthClient: {
        autoKeyRotation: true,
        client_id: app.id,
        ...(clientSecret !== null ? { client_secret: clientSecret } : {}),
        token_endpoint_auth_method: app.tokenEndpointAuthMethod,
        pkce_required: app.pkceRequired,
      },
    },
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: 'DISABLED' } } },
      manualProvisioning: false,
      implicitAssignment: false,
      notes: {},
      oauthClient: {
        // Okta's schema has no null URIs: absent ones are omitted (okta-api.md §1.2).
        ...(app.clientUri !== null ? { client_uri: app.clientUri } : {}),
        ...(app.logoUri !== null ? { logo_uri: app.logoUri } : {}),
        ...(app.initiateLoginUri !== null ? { initiate_login_uri: app.initiateLoginUri } : {}),
        redirect_uris: app.redirectUris,
        post_logout_redirect_uris: app.postLogoutRedirectUris,
        response_types: app.responseTypes,
        grant_types: app.grantTypes,
        application_type: app.applicationType,
        consent_method: app.consentMethod,
        issuer_mode: 'ORG_URL',
        idp_initiated_login: { mode: 'DISABLED', default_scope: [] },
        wildcard_redirect: 'DISABLED',
        dpop_bound_access_tokens: false,
        ...(app.jwks !== null ? { jwks: app.jwks } : {}),
      },
    },
    _links: {
      logo: [{ name: 'medium', href: `${origin}/assets/img/logos/default.png`, type: 'image/png' }],
      users: { href: `${self}/users` },
      groups: { href: `${self}/groups` },
      self: { href: self },
      [lifecycle]: { href: `${self}/lifecycle/${lifecycle}` },
    },
  };
}

/**
 * A direct assignment as Okta's AppUser (okta-spec AppUserSSOResponse): OIDC apps have no provisioning,
 * so the app user is ACTIVE, unsynchronised, and named by the Okta login (`${source.login}`).
 */
export function presentAppUser(assignment: AppUserRecord, user: UserRecord, origin: string) {
  return {
    id: user.id,
    created: assignment.created,
    lastUpdated: assignment.lastUpdated,
    scope: 'USER',
    status: 'ACTIVE',
    statusChanged: assignment.created,
    passwordChanged: null,
    syncState: 'DISABLED',
    credentials: { userName: String(user.profile.login ?? '') },
    profile: {},
    _links: {
      app: { href: `${origin}/api/v1/apps/${assignment.appId}` },
      user: { href: `${origin}/api/v1/users/${user.id}` },
    },
  };
}
