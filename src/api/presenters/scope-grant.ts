import type { AppRecord, AppScopeGrantRecord, ConsentRecord } from '../../core/apps.js';

const READ_AND_REVOKE = { allow: ['GET', 'DELETE'] };

/** Links every grant has: the app and its OAuth client. */
function clientLinks(clientId: string, origin: string, title?: string) {
  const named = title === undefined ? {} : { title };
  return {
    app: { href: `${origin}/api/v1/apps/${clientId}`, ...named },
    client: { href: `${origin}/oauth2/v1/clients/${clientId}`, ...named },
  };
}

/** `_embedded.scope` only with `expand=scope`, as Okta documents the parameter. */
function embeddedScope(scopeId: string, expandScope: boolean) {
  return expandScope ? { _embedded: { scope: { id: scopeId } } } : {};
}

/** An admin's grant of an `okta.*` scope to an app, as Okta's OAuth2ScopeConsentGrant (okta-spec AppGrantsEx). */
export function presentAppGrant(grant: AppScopeGrantRecord, app: AppRecord, origin: string, expandScope = false) {
  return {
    id: grant.id,
    status: 'ACTIVE',
    created: grant.created,
    createdBy: { id: grant.createdBy.id, type: grant.createdBy.type },
    lastUpdated: grant.lastUpdated,
    issuer: grant.issuer,
    clientId: grant.appId,
    scopeId: grant.scopeId,
    source: 'ADMIN',
    ...embeddedScope(grant.scopeId, expandScope),
    _links: {
      ...clientLinks(app.id, origin, app.label),
      self: { href: `${origin}/api/v1/apps/${app.id}/grants/${grant.id}`, hints: READ_AND_REVOKE },
    },
  };
}

/** A user's consent to a scope for an app, as an OAuth2ScopeConsentGrant with source END_USER. */
export function presentConsent(consent: ConsentRecord, origin: string, expandScope = false) {
  const user = `${origin}/api/v1/users/${consent.userId}`;
  return {
    id: consent.id,
    status: 'ACTIVE',
    created: consent.created,
    createdBy: { id: consent.userId, type: 'User' },
    lastUpdated: consent.lastUpdated,
    issuer: consent.issuer,
    clientId: consent.clientId,
    userId: consent.userId,
    scopeId: consent.scopeId,
    source: 'END_USER',
    ...embeddedScope(consent.scopeId, expandScope),
    _links: {
      ...clientLinks(consent.clientId, origin),
      user: { href: user },
      self: { href: `${user}/grants/${consent.id}`, hints: READ_AND_REVOKE },
    },
  };
}

/** An app the user holds grants for, as Okta's OAuth2Client (okta-spec ListUserClients). */
export function presentUserClient(app: AppRecord, userId: string, origin: string) {
  const base = `${origin}/api/v1/users/${userId}/clients/${app.id}`;
  return {
    client_id: app.id,
    client_name: app.label,
    ...(app.clientUri !== null ? { client_uri: app.clientUri } : {}),
    ...(app.logoUri !== null ? { logo_uri: app.logoUri } : {}),
    _links: { grants: { href: `${base}/grants` }, tokens: { href: `${base}/tokens` } },
  };
}
