import { describe, expect, it } from 'vitest';
import { describeScope } from '../../src/core/scopes.js';
import { renderConsent, type ConsentInput } from '../../src/oauth/pages/consent-page.js';
import { renderError, type ErrorPageInput } from '../../src/oauth/pages/error-page.js';
import { escapeHtml, html, httpUrl, raw } from '../../src/oauth/pages/html.js';
import { ACCOUNT_LOCKED, renderSignIn, SIGN_IN_FAILED, type SignInInput } from '../../src/oauth/pages/sign-in-page.js';
import { renderSignedOut, type SignedOutInput } from '../../src/oauth/pages/signed-out-page.js';

/*
 * The pages are checked as text with a deliberately strict reading: every tag must be well formed with
 * double-quoted attribute values, and nothing outside a tag may contain `<` or `>`. Our templates
 * always write markup that way, so any injected value that escaped would break the reading.
 */

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[a-zA-Z][\w-]*(?:="[^"<>]*")?)*)\s*>/g;
const ATTR = /([a-zA-Z][\w-]*)(?:="([^"]*)")?/g;

function tags(page: string, name?: string): Tag[] {
  const found = [...withoutStyle(page).matchAll(TAG)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: Object.fromEntries([...(m[2] ?? '').matchAll(ATTR)].map((a) => [a[1]!.toLowerCase(), a[2] ?? ''])),
  }));
  return name === undefined ? found : found.filter((t) => t.name === name);
}

function only(page: string, name: string, where: (t: Tag) => boolean = () => true): Tag {
  const matching = tags(page, name).filter(where);
  expect(matching, `one <${name}>`).toHaveLength(1);
  return matching[0]!;
}

function withoutStyle(page: string): string {
  return page.replace(/(<style(?: nonce="[^"]*")?>)[^<]*<\/style>/, '$1</style>');
}

/** The page with every well-formed tag, closing tag and the doctype removed: plain text only. */
function textOutsideTags(page: string): string {
  return withoutStyle(page)
    .replace(/^<!doctype html>/, '')
    .replace(TAG, '')
    .replace(/<\/[a-zA-Z][\w-]*>/g, '');
}

/** The text content of the first element matching `open` (a regex source for its opening tag). */
function textOf(page: string, open: string, close: string): string {
  const m = new RegExp(`${open}([\\s\\S]*?)</${close}>`).exec(page);
  expect(m, open).not.toBeNull();
  return m![1]!.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}

function expectWellFormedAndInert(page: string): void {
  expect(page).not.toMatch(/<script/i);
  expect(textOutsideTags(page)).not.toMatch(/[<>]/);
  for (const tag of tags(page)) {
    for (const name of Object.keys(tag.attrs)) expect(name, `<${tag.name}> attribute`).not.toMatch(/^on/);
    expect(tag.attrs, `<${tag.name}> has no style attribute (CSP)`).not.toHaveProperty('style');
    for (const url of [tag.attrs.href, tag.attrs.src, tag.attrs.action]) {
      if (url !== undefined) expect(url).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
  }
}

const HOSTILE = `"'><script>alert(1)</script><img src=x onerror="alert(2)"> & x`;

const signIn: SignInInput = { orgName: 'Acme', appLabel: 'Payroll', action: '/oauth2/v1/login', csrfToken: 'csrf-1' };
const consent: ConsentInput = {
  orgName: 'Acme',
  appLabel: 'Payroll',
  userDisplay: { name: 'Ann Smith', login: 'ann@example.com' },
  scopes: ['openid', 'okta.users.read'],
  action: '/oauth2/v1/consent',
  csrfToken: 'csrf-2',
};
const errorPage: ErrorPageInput = { title: 'Something went wrong', message: 'The link has expired.' };
const signedOut: SignedOutInput = { orgName: 'Acme' };

/** Every user-controlled field of every page, each rendered with a hostile value. */
const hostileRenders: [string, () => string][] = [
  ...(['orgName', 'appLabel', 'action', 'csrfToken', 'username', 'error', 'nonce'] as const).map(
    (f) => [`sign-in ${f}`, () => renderSignIn({ ...signIn, [f]: HOSTILE })] as [string, () => string],
  ),
  ...(['orgName', 'appLabel', 'appLogoUri', 'clientUri', 'action', 'csrfToken', 'nonce'] as const).map(
    (f) => [`consent ${f}`, () => renderConsent({ ...consent, [f]: HOSTILE })] as [string, () => string],
  ),
  ['consent userDisplay.name', () => renderConsent({ ...consent, userDisplay: { name: HOSTILE, login: 'a' } })],
  ['consent userDisplay.login', () => renderConsent({ ...consent, userDisplay: { name: '', login: HOSTILE } })],
  ['consent scope', () => renderConsent({ ...consent, scopes: ['openid', HOSTILE] })],
  ...(['title', 'message', 'requestId', 'nonce'] as const).map(
    (f) => [`error ${f}`, () => renderError({ ...errorPage, [f]: HOSTILE })] as [string, () => string],
  ),
  ...(['orgName', 'nonce'] as const).map(
    (f) => [`signed-out ${f}`, () => renderSignedOut({ ...signedOut, [f]: HOSTILE })] as [string, () => string],
  ),
];

describe('html helpers', () => {
  it('escapes the five characters that can leave text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolations by default and keeps raw() and nested html fragments as markup', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${'<script>'}${inner}${raw('<br>')}</p>`.value).toBe('<p>&lt;script&gt;<b>&lt;i&gt;</b><br></p>');
  });

  it('renders arrays item by item and false, null and undefined as nothing', () => {
    expect(html`${['<', html`<hr>`, 1]}|${false}|${null}|${undefined}`.value).toBe('&lt;<hr>1|||');
  });

  it('accepts only absolute http(s) URLs for links and images', () => {
    expect(httpUrl('https://app.example.com/logo.png')).toBe('https://app.example.com/logo.png');
    expect(httpUrl('http://localhost:3000/')).toBe('http://localhost:3000/');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:image/png;base64,AA', '/relative', 'not a url', undefined]) {
      expect(httpUrl(bad), String(bad)).toBeUndefined();
    }
  });
});

describe('hostile values in every field are rendered as text', () => {
  it.each(hostileRenders)('%s', (_field, render) => {
    const page = render();
    expectWellFormedAndInert(page);
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<img src=x');
  });

  it('shows an escaped value as the user typed it', () => {
    const page = renderSignIn({ ...signIn, username: HOSTILE });
    expect(only(page, 'input', (t) => t.attrs.name === 'username').attrs.value).toBe(escapeHtml(HOSTILE));
  });

  it('drops javascript: and data: URLs for the app logo and home page instead of linking them', () => {
    const page = renderConsent({ ...consent, appLogoUri: 'javascript:alert(1)', clientUri: 'data:text/html,<script>x</script>' });
    expect(tags(page, 'img')).toHaveLength(0);
    expect(tags(page, 'a')).toHaveLength(0);
    expectWellFormedAndInert(page);
  });
});

describe('every page', () => {
  const pages: [string, string][] = [
    ['sign-in', renderSignIn({ ...signIn, nonce: 'n-1' })],
    ['sign-in with error', renderSignIn({ ...signIn, error: SIGN_IN_FAILED, nonce: 'n-1' })],
    ['consent', renderConsent({ ...consent, nonce: 'n-1', appLogoUri: 'https://a.example/l.png', clientUri: 'https://a.example' })],
    ['error', renderError({ ...errorPage, requestId: 'r-1', nonce: 'n-1' })],
    ['signed out', renderSignedOut({ ...signedOut, nonce: 'n-1' })],
  ];

  it.each(pages)('%s is an English HTML5 document with a viewport, one main landmark and one h1, and no script', (_name, page) => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(only(page, 'meta', (t) => t.attrs.name === 'viewport').attrs.content).toContain('width=device-width');
    expect(page.match(/<main>/g)).toHaveLength(1);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(only(page, 'style').attrs.nonce).toBe('n-1');
    expect(page).toMatch(/:focus-visible\s*\{\s*outline:/);
    expectWellFormedAndInert(page);
  });

  it('omits the nonce attribute when none is given', () => {
    expect(only(renderSignedOut(signedOut), 'style').attrs).toEqual({});
  });
});

describe('sign-in page', () => {
  it('posts username and password with the CSRF token to the action', () => {
    const page = renderSignIn(signIn);
    expect(only(page, 'form').attrs).toMatchObject({ method: 'post', action: '/oauth2/v1/login' });
    expect(only(page, 'input', (t) => t.attrs.type === 'hidden').attrs).toMatchObject({ name: '_csrf', value: 'csrf-1' });
    expect(only(page, 'input', (t) => t.attrs.name === 'username').attrs).toMatchObject({
      id: 'username',
      type: 'text',
      autocomplete: 'username',
      required: '',
      autofocus: '',
    });
    expect(only(page, 'input', (t) => t.attrs.name === 'password').attrs).toMatchObject({
      id: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: '',
    });
    expect(only(page, 'button').attrs.type).toBe('submit');
    expect(textOf(page, '<button[^>]*>', 'button')).toBe('Sign in');
    expect(page).toContain('Payroll');
  });

  it('labels each visible input with a label whose for matches its id', () => {
    const page = renderSignIn(signIn);
    const labelled = tags(page, 'label').map((l) => l.attrs.for);
    for (const input of tags(page, 'input').filter((t) => t.attrs.type !== 'hidden')) {
      expect(labelled).toContain(input.attrs.id);
    }
    expect(textOf(page, '<label for="username">', 'label')).toBe('Username');
    expect(textOf(page, '<label for="password">', 'label')).toBe('Password');
  });

  it('has no alert, aria-describedby or aria-invalid before a failed attempt', () => {
    const page = renderSignIn(signIn);
    expect(page).not.toContain('role="alert"');
    for (const input of tags(page, 'input')) {
      expect(input.attrs).not.toHaveProperty('aria-describedby');
      expect(input.attrs).not.toHaveProperty('aria-invalid');
    }
  });

  it('after a failed attempt shows "Unable to sign in" in an alert both inputs point at, and keeps the username', () => {
    const page = renderSignIn({ ...signIn, username: 'ann@example.com', error: 'Check your username and password.' });
    const alert = only(page, 'div', (t) => t.attrs.role === 'alert');
    expect(alert.attrs.id).toBeTruthy();
    expect(textOf(page, '<div[^>]*role="alert">', 'div')).toBe(`${SIGN_IN_FAILED} Check your username and password.`);
    expect(textOf(page, '<div[^>]*role="alert">\\s*<h2>', 'h2')).toBe('Unable to sign in');
    for (const name of ['username', 'password']) {
      expect(only(page, 'input', (t) => t.attrs.name === name).attrs).toMatchObject({
        'aria-describedby': alert.attrs.id,
        'aria-invalid': 'true',
      });
    }
    expect(only(page, 'input', (t) => t.attrs.name === 'username').attrs.value).toBe('ann@example.com');
    expect(only(page, 'input', (t) => t.attrs.name === 'password').attrs).not.toHaveProperty('value');
  });

  it('does not repeat the heading when the error is Okta’s plain "Unable to sign in"', () => {
    const page = renderSignIn({ ...signIn, error: SIGN_IN_FAILED });
    expect(page.match(/Unable to sign in/g)).toHaveLength(1);
  });

  it('tells a locked-out user to contact the administrator, without marking the inputs invalid', () => {
    const page = renderSignIn({ ...signIn, username: 'bob', locked: true, error: 'ignored' });
    expect(textOf(page, '<div[^>]*role="alert">', 'div')).toBe(
      `${SIGN_IN_FAILED} Your account is locked. Please contact your administrator.`,
    );
    expect(ACCOUNT_LOCKED).toBe('Your account is locked. Please contact your administrator.');
    expect(page).not.toContain('ignored');
    for (const input of tags(page, 'input')) expect(input.attrs).not.toHaveProperty('aria-invalid');
    expect(only(page, 'input', (t) => t.attrs.name === 'username').attrs['aria-describedby']).toBe(
      only(page, 'div', (t) => t.attrs.role === 'alert').attrs.id,
    );
  });
});

describe('consent page', () => {
  it('asks in the heading what the app would like to do', () => {
    expect(textOf(renderConsent(consent), '<h1>', 'h1')).toBe('Payroll would like to:');
  });

  it('lists each requested scope once, in words, with its id beside it', () => {
    const scopes = ['openid', 'email', 'okta.users.read', 'okta.users.read', 'custom.scope'];
    const page = renderConsent({ ...consent, scopes });
    const items = [...page.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    expect(items).toEqual(
      ['openid', 'email', 'okta.users.read', 'custom.scope'].map((s) => `${escapeHtml(describeScope(s))} <code>${s}</code>`),
    );
    expect(items[2]).toBe('Read your org&#39;s users <code>okta.users.read</code>');
  });

  it('has one form with the CSRF token and two submit buttons named decision', () => {
    const page = renderConsent(consent);
    expect(only(page, 'form').attrs).toMatchObject({ method: 'post', action: '/oauth2/v1/consent' });
    expect(only(page, 'input', (t) => t.attrs.type === 'hidden').attrs).toMatchObject({ name: '_csrf', value: 'csrf-2' });
    const buttons = tags(page, 'button');
    expect(buttons.map((b) => [b.attrs.type, b.attrs.name, b.attrs.value])).toEqual([
      ['submit', 'decision', 'deny'],
      ['submit', 'decision', 'allow'],
    ]);
    expect(textOf(page, '<button[^>]*value="allow"[^>]*>', 'button')).toBe('Allow Access');
    expect(textOf(page, '<button[^>]*value="deny"[^>]*>', 'button')).toBe("Don't Allow");
    const form = /<form[\s\S]*<\/form>/.exec(page)![0];
    expect(form.match(/<button/g)).toHaveLength(2);
  });

  it('says who is signed in, by name and login', () => {
    const page = renderConsent(consent);
    expect(textOf(page, '<p class="muted">', 'p')).toBe('You are signed in to Acme as Ann Smith (ann@example.com).');
    expect(textOf(renderConsent({ ...consent, userDisplay: { name: '', login: 'svc@example.com' } }), '<p class="muted">', 'p')).toBe(
      'You are signed in to Acme as svc@example.com.',
    );
  });

  it('shows an https logo as a decorative image and links the app home page by host', () => {
    const page = renderConsent({ ...consent, appLogoUri: 'https://a.example/logo.png', clientUri: 'https://payroll.example.com/home' });
    expect(only(page, 'img').attrs).toMatchObject({ src: 'https://a.example/logo.png', alt: '' });
    expect(only(page, 'a').attrs).toMatchObject({ href: 'https://payroll.example.com/home', rel: 'noopener noreferrer' });
    expect(textOf(page, '<a [^>]*>', 'a')).toBe('payroll.example.com');
  });
});

describe('error and signed-out pages', () => {
  it('shows the error title as the heading, the message, and the request id', () => {
    const page = renderError({ ...errorPage, requestId: 'req-42' });
    expect(textOf(page, '<h1>', 'h1')).toBe('Something went wrong');
    expect(page).toContain('<p>The link has expired.</p>');
    expect(page).toContain('<code>req-42</code>');
    expect(renderError(errorPage)).not.toContain('Request ID');
  });

  it('tells the user they are signed out of the org', () => {
    const page = renderSignedOut(signedOut);
    expect(textOf(page, '<h1>', 'h1')).toBe('Signed out');
    expect(page).toContain('You have been signed out of Acme.');
  });
});
