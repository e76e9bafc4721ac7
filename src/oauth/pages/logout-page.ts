import { html, raw } from './html.js';
import { renderLayout } from './layout.js';

export interface LogoutInput {
  orgName: string;
  /** oidc-provider's own form (action + xsrf hidden input), trusted markup with id="op.logoutForm". */
  form: string;
  nonce?: string;
}

/** The confirmation page of RP-initiated logout: two buttons submitting oidc-provider's form. */
export function renderLogout({ orgName, form, nonce }: LogoutInput): string {
  const body = html`${raw(form)}
<p>Do you want to sign out of ${orgName}?</p>
<div class="actions">
  <button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
  <button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>
</div>`;
  return renderLayout({ heading: 'Sign out', orgName, body, ...(nonce ? { nonce } : {}) });
}
