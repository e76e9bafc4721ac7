// The authorization-server side of the benchmarks: what bench/run.mjs needs to set up an org's OAuth
// clients over HTTP (as an administrator would, with the SSWS token) and to drive flows that autocannon
// cannot: a browser-like walk through the hosted sign-in form, and chains of rotating refresh tokens.
//
// Only HTTP and HTML are used here, like test/support/oauth-client.ts and oauth-org.ts (which are
// TypeScript, and so cannot be imported from a plain `node bench/run.mjs`); nothing knows Keyflow's
// internals.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** Callback URL of the bench apps; nothing listens there: a flow stops at the redirect to it. */
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

// ---------------------------------------------------------------------------------------------------
// Admin API calls (SSWS)

async function call(org, method, path, body) {
  const res = await fetch(`${org.url}${path}`, {
    method,
    headers: { authorization: `SSWS ${org.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** An ACTIVE user with a password, optionally with an admin role; returns the user's id. */
export async function createPerson(org, login, password, role) {
  const user = await call(org, 'POST', '/api/v1/users?activate=true', {
    profile: { firstName: 'Bench', lastName: 'Person', email: login, login },
    credentials: { password: { value: password } },
  });
  if (role) await call(org, 'POST', `/api/v1/users/${user.id}/roles`, { type: role });
  return user.id;
}

/** An active OIDC web app (client_secret_basic, code + refresh, TRUSTED: no consent page), with
 *  `okta.*` scopes granted and users assigned. */
export async function createWebApp(org, { scopes = [], assign = [] } = {}) {
  const app = await call(org, 'POST', '/api/v1/apps', {
    name: 'oidc_client',
    label: 'Bench Web App',
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
    settings: {
      oauthClient: {
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [REDIRECT_URI],
        consent_method: 'TRUSTED',
      },
    },
  });
  const web = { id: app.id, secret: app.credentials.oauthClient.client_secret };
  for (const scopeId of scopes) await call(org, 'POST', `/api/v1/apps/${web.id}/grants`, { scopeId, issuer: org.url });
  for (const id of assign) await call(org, 'POST', `/api/v1/apps/${web.id}/users`, { id, scope: 'USER' });
  web.basic = `Basic ${Buffer.from(`${web.id}:${web.secret}`).toString('base64')}`;
  return web;
}

/**
 * A service app authenticating with private_key_jwt (a fresh RS256 key pair, as the Okta SDKs sign),
 * with `okta.*` scopes granted and admin roles given to the client.
 */
export async function createServiceApp(org, { scopes = [], roles = [] } = {}) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `bench-${randomBytes(4).toString('hex')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const app = await call(org, 'POST', '/api/v1/apps', {
    name: 'oidc_client',
    label: 'Bench Service App',
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
    settings: {
      oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], jwks: { keys: [publicJwk] } },
    },
  });
  for (const scopeId of scopes) await call(org, 'POST', `/api/v1/apps/${app.id}/grants`, { scopeId, issuer: org.url });
  for (const type of roles) await call(org, 'POST', `/oauth2/v1/clients/${app.id}/roles`, { type });
  return { id: app.id, privateKey, kid };
}

/**
 * `n` private_key_jwt client assertions for the org's token endpoint, each with its own `jti` (the
 * server keeps the jti of every assertion it accepted until it expires, and refuses a replay). Signed
 * before the measured run, 8 at a time (jose signs on libuv's thread pool).
 */
export async function signAssertions(org, app, n) {
  const out = new Array(n);
  const aud = `${org.url}/oauth2/v1/token`;
  const now = Math.floor(Date.now() / 1000);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      out[i] = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: app.kid })
        .setIssuer(app.id)
        .setSubject(app.id)
        .setAudience(aud)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .setJti(randomUUID())
        .sign(app.privateKey);
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// A browser without JavaScript: the hosted sign-in form

/** Follows redirects by hand, keeps the org's cookies, reads the hosted forms and posts them. */
export class FormBrowser {
  constructor(orgUrl, send = fetchSend) {
    this.orgUrl = orgUrl;
    this.cookies = new Map();
    this.send = send;
    /** HTTP requests made, for the per-login count. */
    this.requests = 0;
  }

  async fetch(url, { method, form } = {}) {
    const headers = { 'user-agent': 'Mozilla/5.0 KeyflowBench' };
    if (url.startsWith(this.orgUrl) && this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    this.requests += 1;
    const res = await this.send(url, { method: method ?? (body ? 'POST' : 'GET'), headers, body });
    for (const line of res.setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      const expired = value === '' || attrs.some((a) => /max-age=0|expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects within the org; stops at a page or at a redirect leaving the org. */
  async follow(url, init) {
    let res = await this.fetch(url, init);
    let at = url;
    for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 20; hops++) {
      const next = new URL(res.location, at).href;
      if (!next.startsWith(this.orgUrl)) return { res, url: next, html: '' };
      at = next;
      res = await this.fetch(next);
    }
    return { res, url: at, html: res.body };
  }

  /** Posts the page's first form with its hidden inputs and `fields`. */
  async submit(pageUrl, html, fields) {
    const form = /<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (!form) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
    const hidden = {};
    for (const input of form[2].matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) hidden[name] = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    }
    const action = new URL(form[1].replace(/&amp;/g, '&'), pageUrl).href;
    return this.follow(action, { method: 'POST', form: { ...hidden, ...fields } });
  }
}

/** `send` over the global fetch (setup, outside measured runs). */
async function fetchSend(url, { method, headers, body }) {
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), setCookies: res.headers.getSetCookie(), body: await res.text() };
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * /authorize through the hosted sign-in page in a fresh browser (so a new session and a new grant),
 * up to the redirect to the app with its code. Throws unless it ends there.
 */
export async function signInForCode(org, app, { scope, username, password, send }) {
  const browser = new FormBrowser(org.url, send);
  const { verifier, challenge } = pkcePair();
  const query = new URLSearchParams({ client_id: app.id, response_type: 'code', scope, redirect_uri: REDIRECT_URI, state: 'bench', code_challenge: challenge, code_challenge_method: 'S256' });
  let step = await browser.follow(`${org.url}/oauth2/v1/authorize?${query}`);
  if (!step.html.includes('name="password"')) throw new Error(`no sign-in form at ${step.url} (HTTP ${step.res.status}): ${step.html.slice(0, 300)}`);
  step = await browser.submit(step.url, step.html, { username, password });
  if (step.html.includes('name="decision"')) step = await browser.submit(step.url, step.html, { decision: 'allow' });
  const code = step.url.startsWith(REDIRECT_URI) ? new URL(step.url).searchParams.get('code') : null;
  if (!code) throw new Error(`sign-in ended at ${step.url} (HTTP ${step.res.status}): ${step.html.slice(0, 300)}`);
  return { code, verifier, requests: browser.requests };
}

/** The authorization-code flow to tokens: sign in, then exchange the code with the client secret. */
export async function codeTokens(org, app, opts) {
  const { code, verifier } = await signInForCode(org, app, opts);
  const res = await fetch(`${org.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: { authorization: app.basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`code exchange: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

// ---------------------------------------------------------------------------------------------------
// A closed-loop load generator for flows with state

/**
 * Runs `workers` loops for `seconds`: each loop awaits `step(worker, send)` again and again, where `send`
 * makes one HTTP request over a keep-alive agent (one socket per worker). A step that has started when
 * the time is up is allowed to finish — a refresh chain must read the response of the token it spent —
 * and the duration runs until the last one has. Returns the fields of autocannon's result that
 * bench/run.mjs reads, per HTTP request, plus `flows`: completed steps, and their latencies.
 */
export async function closedLoop({ url, workers, seconds, step }) {
  const agent = new Agent({ keepAlive: true, maxSockets: workers, maxFreeSockets: workers });
  const base = new URL(url);
  const latencies = [];
  const flowLatencies = [];
  const stats = { total: 0, bytes: 0, codes: {}, errors: 0, flows: 0, flowErrors: 0, firstError: null };
  const send = (target, { method = 'GET', headers = {}, body } = {}) =>
    new Promise((resolve, reject) => {
      const u = new URL(target, base);
      const started = performance.now();
      const req = httpRequest(
        { agent, host: u.hostname, port: u.port, method, path: u.pathname + u.search, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks = [];
          let headerBytes = 0;
          for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += res.rawHeaders[i].length + res.rawHeaders[i + 1].length + 4;
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            latencies.push(performance.now() - started);
            stats.total += 1;
            stats.bytes += headerBytes + buf.length + 17;
            stats.codes[res.statusCode] = (stats.codes[res.statusCode] ?? 0) + 1;
            const setCookie = res.headers['set-cookie'] ?? [];
            resolve({ status: res.statusCode, location: res.headers.location ?? null, setCookies: setCookie, headers: res.headers, body: buf.toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (err) => {
        stats.errors += 1;
        reject(err);
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await step(worker, send);
        } catch (error) {
          stats.firstError ??= String(error?.message ?? error);
          ok = false;
        }
        if (!ok) {
          // A broken chain cannot continue, and a failing flow would only fail again: stop this worker.
          stats.flowErrors += 1;
          return;
        }
        stats.flows += 1;
        flowLatencies.push(performance.now() - t0);
      }
    }),
  );
  const duration = (performance.now() - started) / 1000;
  agent.destroy();
  // Redirects are part of the flows (the sign-in walk is mostly redirects): only 4xx and 5xx fail.
  const good = Object.entries(stats.codes).reduce((n, [code, c]) => (Number(code) < 400 ? n + c : n), 0);
  return {
    duration,
    requests: { total: stats.total },
    '2xx': good,
    non2xx: stats.total - good,
    errors: stats.errors,
    timeouts: 0,
    statusCodeStats: Object.fromEntries(Object.entries(stats.codes).map(([code, count]) => [code, { count }])),
    throughput: { total: stats.bytes },
    latency: percentiles(latencies),
    flows: { total: stats.flows, failed: stats.flowErrors, firstError: stats.firstError, latency: percentiles(flowLatencies) },
  };
}

/** p50/p99 in whole milliseconds (floored, as autocannon's histogram records them). */
function percentiles(values) {
  if (values.length === 0) return { p50: null, p99: null };
  const sorted = Float64Array.from(values).sort();
  const at = (p) => Math.floor(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
  return { p50: at(50), p99: at(99) };
}
