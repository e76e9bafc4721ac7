import { describeScope } from '../../core/scopes.js';
import { html, httpUrl } from './html.js';
import { renderLayout } from './layout.js';

export interface ConsentInput {
  orgName: string;
  appLabel: string;
  /** The client's `logo_uri`; shown only if it is an http(s) URL. */
  appLogoUri?: string;
  /** The client's `client_uri`; linked only if it is an http(s) URL. */
  clientUri?: string;
  /** Who is signed in: display name and login. */
  userDisplay: { name: string; login: string };
  /** The scopes to consent to, in request order; duplicates are shown once. */
  scopes: readonly string[];
  /** Where the form posts. */
  action: string;
  csrfToken: string;
  nonce?: string;
}

/**
 * The consent page: what the app asks for in words (with each scope id beside it), who is signed in,
 * and one form whose two submit buttons post `decision=allow` or `decision=deny`. The logo is
 * decorative (`alt=""`) because the heading names the app.
 */
export function renderConsent(input: ConsentInput): string {
  const { orgName, appLabel, userDisplay, action, csrfToken, nonce } = input;
  const logo = httpUrl(input.appLogoUri);
  const site = httpUrl(input.clientUri);
  const scopes = [...new Set(input.scopes)];
  const who = userDisplay.name
    ? html`<strong>${userDisplay.name}</strong> (${userDisplay.login})`
    : html`<strong>${userDisplay.login}</strong>`;
  const body = html`${site && html`<p><a href="${site}" rel="noopener noreferrer">${new URL(site).host}</a></p>`}
${scopes.length > 0 &&
html`<ul class="scopes">
${scopes.map((scope) => html`<li>${describeScope(scope)} <code>${scope}</code></li>\n`)}</ul>`}
<p class="muted">You are signed in to ${orgName} as ${who}.</p>
<form method="post" action="${action}">
<input type="hidden" name="_csrf" value="${csrfToken}">
<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary">Don't Allow</button>
<button type="submit" name="decision" value="allow">Allow Access</button>
</div>
</form>`;
  const lead = logo ? html`<img class="logo" src="${logo}" alt="" width="48" height="48">` : undefined;
  return renderLayout({ heading: `${appLabel} would like to:`, title: `Allow ${appLabel} access?`, orgName, body, lead, nonce });
}
