import { html } from './html.js';
import { renderLayout } from './layout.js';

/** Okta's wording for a refused sign-in (Sign-In Widget). */
export const SIGN_IN_FAILED = 'Unable to sign in';
export const ACCOUNT_LOCKED = 'Your account is locked. Please contact your administrator.';

export interface SignInInput {
  orgName: string;
  appLabel: string;
  /** Where the form posts. */
  action: string;
  csrfToken: string;
  /** The username to keep in the field after a failed attempt. The password is never echoed. */
  username?: string;
  /** Set after a failed attempt; shown under the "Unable to sign in" heading unless it says the same. */
  error?: string;
  /** The account is locked out; shows Okta's locked-account message instead of `error`. */
  locked?: boolean;
  nonce?: string;
}

const ERROR_ID = 'sign-in-error';

/**
 * The org authorization server's sign-in form. After a failure the message is in a `role="alert"`
 * region, announced on load, that both inputs reference with `aria-describedby`; they are also marked
 * `aria-invalid` when the credentials were refused (not when the account is locked, where the
 * credentials may well be right).
 */
export function renderSignIn(input: SignInInput): string {
  const { orgName, appLabel, action, csrfToken, username, error, locked = false, nonce } = input;
  const message = locked ? ACCOUNT_LOCKED : error;
  const failed = message !== undefined;
  const invalid = failed && !locked;
  const describedBy = failed ? html` aria-describedby="${ERROR_ID}"` : '';
  const invalidAttr = invalid ? html` aria-invalid="true"` : '';
  const body = html`<p class="muted">to continue to ${appLabel}</p>
${failed &&
html`<div class="alert" id="${ERROR_ID}" role="alert">
<h2>${SIGN_IN_FAILED}</h2>
${message !== SIGN_IN_FAILED && message !== '' && html`<p>${message}</p>`}
</div>`}
<form method="post" action="${action}">
<input type="hidden" name="_csrf" value="${csrfToken}">
<div class="field">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${username ?? ''}" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus${describedBy}${invalidAttr}>
</div>
<div class="field">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${describedBy}${invalidAttr}>
</div>
<button type="submit" class="block">Sign in</button>
</form>`;
  return renderLayout({ heading: 'Sign In', orgName, body, nonce });
}
