/** An OIDC app as `/api/v1/apps` shows it (Okta's OpenIdConnectApplication), the fields the pages read. */
export interface OidcApp {
  id: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE' | string;
  created: string;
  lastUpdated: string;
  credentials: { oauthClient: { client_id: string; token_endpoint_auth_method: string; pkce_required?: boolean } };
  settings: {
    oauthClient: {
      application_type: string;
      grant_types: string[];
      response_types: string[];
      redirect_uris: string[];
      post_logout_redirect_uris?: string[];
      consent_method: string;
      initiate_login_uri?: string;
    };
  };
}

/** Okta's names for its OIDC app types, as its Admin Console's "Create App Integration" offers them. */
const TYPE_NAMES: Record<string, string> = {
  web: 'Web application',
  browser: 'Single-page application',
  native: 'Native application',
  service: 'API service',
};

/**
 * The app's type in Okta's words. An app whose only grant is client credentials is a machine-to-machine
 * service whatever its `application_type` says, so the grant types decide when they disagree.
 */
export function appType(app: OidcApp): string {
  const { application_type: type, grant_types: grants } = app.settings.oauthClient;
  if (type === 'service' || (grants.length > 0 && grants.every((g) => g === 'client_credentials'))) return TYPE_NAMES.service!;
  return TYPE_NAMES[type] ?? type;
}

/** Where the Workflows engine's OAuth client gets its codes back (docs/workflows.md, Connections). */
const WORKFLOWS_CALLBACK_PATH = '/workflows/oauth/okta/cb';

/** The org's Keyflow Workflows app: the one whose redirect URI is this org's Workflows callback. */
export function isWorkflowsApp(app: OidcApp): boolean {
  return app.settings.oauthClient.redirect_uris.some((uri) => {
    try {
      const url = new URL(uri);
      return url.origin === location.origin && url.pathname === WORKFLOWS_CALLBACK_PATH;
    } catch {
      return false;
    }
  });
}

export const appPath = (id: string) => `/api/v1/apps/${encodeURIComponent(id)}`;
