import { html, raw, type SafeHtml } from './html.js';

/**
 * The shell every hosted page shares: one `<main>` landmark with a visible `<h1>`, inline CSS and no
 * JavaScript at all, so the pages work under a CSP of `default-src 'none'` plus `style-src` with the
 * nonce given here (or `'unsafe-inline'`), `form-action` for the page's own endpoints and, for an app
 * logo on the consent page, `img-src https:`.
 */
export interface LayoutInput {
  /** The visible `<h1>`. */
  heading: string;
  /** The document title before the org name; the heading unless given. */
  title?: string;
  /** Shown in a `<header>` above the card and at the end of the document title. */
  orgName?: string;
  /** The page content below the heading. */
  body: SafeHtml;
  /** Optional content above the heading inside the card (e.g. an app logo). */
  lead?: SafeHtml;
  /** The CSP nonce for the `<style>` element. */
  nonce?: string;
}

/*
 * Colours meet WCAG 2.2 AA: text at least 4.5:1 (#1f2933 on #fff 14.8:1, #52606d on #f3f4f6 5.9:1,
 * #fff on #1d4ed8 6.7:1, #8a1c1c on #fdeeee 8.2:1; dark scheme 7:1 or better), input borders and the
 * focus outline at least 3:1 against the card (1.4.11). Inputs are 16 px so phones do not zoom into
 * them; controls are at least 44 px tall (2.5.8).
 */
const CSS = raw(`
:root {
  color-scheme: light dark;
  --bg: #f3f4f6; --card: #fff; --text: #1f2933; --muted: #52606d; --border: #7b8794;
  --primary: #1d4ed8; --primary-hover: #1e40af; --on-primary: #fff; --focus: #b45309;
  --error-bg: #fdeeee; --error-text: #8a1c1c; --error-border: #c53030;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111827; --card: #1f2937; --text: #f3f4f6; --muted: #cbd2d9; --border: #7b8794;
    --primary: #93b4ff; --primary-hover: #b8cdff; --on-primary: #0b1220; --focus: #fbbf24;
    --error-bg: #3b1212; --error-text: #fecaca; --error-border: #f87171;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  display: flex; flex-direction: column; align-items: center; padding: 2rem 1rem;
}
.org { margin: 0 0 1rem; font-weight: 600; color: var(--muted); text-align: center; overflow-wrap: anywhere; }
main {
  width: 100%; max-width: 28rem; background: var(--card); border-radius: 12px; padding: 2rem 1.5rem;
  box-shadow: 0 1px 3px rgb(0 0 0 / 0.12), 0 8px 24px rgb(0 0 0 / 0.06);
}
@media (max-width: 480px) { body { padding: 1rem 0.75rem; } main { padding: 1.5rem 1rem; } }
h1 { font-size: 1.5rem; line-height: 1.3; margin: 0 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1rem; margin: 0 0 0.25rem; }
p { margin: 0 0 1rem; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
label { display: block; font-weight: 600; margin: 0 0 0.25rem; }
.field { margin: 0 0 1.25rem; }
input[type="text"], input[type="password"] {
  display: block; width: 100%; min-height: 44px; padding: 0.5rem 0.75rem; font: inherit; color: var(--text);
  background: var(--card); border: 1px solid var(--border); border-radius: 6px;
}
input[aria-invalid="true"] { border-color: var(--error-border); }
button {
  display: inline-block; min-height: 44px; padding: 0.5rem 1.25rem; font: inherit; font-weight: 600;
  border-radius: 6px; cursor: pointer; border: 1px solid var(--primary);
  background: var(--primary); color: var(--on-primary);
}
button:hover { background: var(--primary-hover); border-color: var(--primary-hover); }
button.secondary { background: transparent; color: var(--text); border-color: var(--border); }
button.secondary:hover { background: var(--bg); }
.block { width: 100%; }
a { color: var(--primary); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.alert {
  margin: 0 0 1.25rem; padding: 0.75rem 1rem; border-radius: 6px; border-left: 4px solid var(--error-border);
  background: var(--error-bg); color: var(--error-text);
}
.alert p { margin: 0; }
.logo { display: block; width: 48px; height: 48px; object-fit: contain; margin: 0 0 1rem; }
.scopes { list-style: none; margin: 0 0 1.25rem; padding: 0; border-top: 1px solid var(--border); }
.scopes li { padding: 0.75rem 0; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.8125rem;
  color: var(--muted); overflow-wrap: anywhere;
}
.scopes code { margin-left: 0.25rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; justify-content: flex-end; }
@media (max-width: 480px) { .actions { flex-direction: column-reverse; } .actions button { width: 100%; } }
`);

export function renderLayout({ heading, title = heading, orgName, body, lead, nonce }: LayoutInput): string {
  const documentTitle = orgName ? `${title} - ${orgName}` : title;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${documentTitle}</title>
<style${nonce === undefined ? '' : html` nonce="${nonce}"`}>${CSS}</style>
</head>
<body>
${orgName ? html`<header class="org">${orgName}</header>` : ''}
<main>
${lead ?? ''}<h1>${heading}</h1>
${body}
</main>
</body>
</html>
`.value;
}
