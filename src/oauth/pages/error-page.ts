import { html } from './html.js';
import { renderLayout } from './layout.js';

export interface ErrorPageInput {
  title: string;
  /** Shown to the user as is: it must already be safe to reveal (no internals, no secrets). */
  message: string;
  /** Shown so the user can quote it to an administrator, who finds it in the server log. */
  requestId?: string;
  nonce?: string;
}

export function renderError({ title, message, requestId, nonce }: ErrorPageInput): string {
  const body = html`<p>${message}</p>
${requestId && html`<p class="muted">Request ID: <code>${requestId}</code></p>`}`;
  return renderLayout({ heading: title, body, nonce });
}
