import { html } from './html.js';
import { renderLayout } from './layout.js';

export interface SignedOutInput {
  orgName: string;
  nonce?: string;
}

export function renderSignedOut({ orgName, nonce }: SignedOutInput): string {
  const body = html`<p>You have been signed out of ${orgName}.</p>
<p class="muted">You can close this window.</p>`;
  return renderLayout({ heading: 'Signed out', orgName, body, nonce });
}
