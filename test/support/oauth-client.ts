import { createHash, randomBytes } from 'node:crypto';

/**
 * Walks the authorization-code flow the way a browser without JavaScript does: follows redirects by
 * hand, keeps cookies per origin, reads the hosted forms (action, hidden inputs) and posts them.
 * Nothing here knows Keyflow's internals: it only sees HTML and HTTP.
 */
export class FormBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly orgUrl: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  dropCookie(name: string): void {
    this.cookies.delete(name);
  }

  async fetch(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'User-Agent': 'Mozilla/5.0 FormBrowser', ...init.headers };
    if (url.startsWith(this.orgUrl) && this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0|expires=Thu, 01 Jan 1970/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  /** Follows redirects within the org; stops at a page (200/4xx) or at a redirect leaving the org. */
  async follow(url: string, init: Parameters<FormBrowser['fetch']>[1] = {}): Promise<{ res: Response; url: string; html: string }> {
    let res = await this.fetch(url, init);
    let at = url;
    for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 20; hops++) {
      const next = new URL(res.headers.get('location')!, at).href;
      if (!next.startsWith(this.orgUrl)) return { res, url: next, html: '' };
      at = next;
      res = await this.fetch(next);
    }
    return { res, url: at, html: await res.text() };
  }

  /** Submits the page's form (the first one, or the one whose action contains `actionPart`). */
  async submit(pageUrl: string, html: string, fields: Record<string, string>, actionPart?: string) {
    const forms = [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms.find((f) => !actionPart || f[1]!.includes(actionPart)) ?? forms[0];
    if (!form) throw new Error(`no form on the page: ${html.slice(0, 500)}`);
    const hidden: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) hidden[name] = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    }
    const action = new URL(form[1]!.replace(/&amp;/g, '&'), pageUrl).href;
    return this.follow(action, { method: 'POST', form: { ...hidden, ...fields } });
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
