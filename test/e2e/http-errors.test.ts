import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

const kinds = await storeKinds();

function expectOktaError(res: { status: number; body: any; headers: Headers }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(res.body.errorCode).toBe(code);
  expect(res.body.errorLink).toBe(code);
  expect(res.body.errorId).toMatch(/^oae[0-9A-Za-z]{22}$/);
  expect(Array.isArray(res.body.errorCauses)).toBe(true);
}

const person = (n: string) => ({ profile: { login: `${n}@example.com`, email: `${n}@example.com`, firstName: 'Test', lastName: n } });

describe.each(kinds)('bad input gets an Okta error and changes nothing (%s)', (kind) => {
  let org: TestOrg;
  let eventsBefore: number;
  beforeAll(async () => {
    org = await startTestOrg(kind);
  });
  afterAll(() => org.close());

  const eventCount = () => org.app.store.logEvents.count();
  const userCount = () => org.app.store.users.count();

  it('answers malformed JSON with 400 E0000003 and writes nothing', async () => {
    eventsBefore = await eventCount();
    const users = await userCount();
    const res = await call(org, 'POST', '/api/v1/users?activate=false', { rawBody: '{"profile": {' });
    expectOktaError(res, 400, 'E0000003');
    expect(res.body.errorSummary).toBe('The request body was not well-formed.');
    expect(await userCount()).toBe(users);
    expect(await eventCount()).toBe(eventsBefore);
  });

  it('answers a non-JSON content type with 415 E0000019', async () => {
    const res = await call(org, 'POST', '/api/v1/users', { rawBody: 'login=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expectOktaError(res, 415, 'E0000019');
    expect(res.body.errorSummary).toBe('Bad request.  Accept and/or Content-Type headers likely do not match supported values.');
  });

  it('answers an unknown path with 404 E0000008 and a request id', async () => {
    const res = await call(org, 'GET', '/api/v1/nothing-here');
    expectOktaError(res, 404, 'E0000008');
    expect(res.headers.get('x-okta-request-id')).toMatch(/^[0-9A-Za-z]{27}$/);
  });

  it('answers a method the path does not support with 405 E0000022', async () => {
    const res = await call(org, 'PATCH', '/api/v1/users', { body: {} });
    expectOktaError(res, 405, 'E0000022');
  });

  it('answers a body over the documented limit with 413 and changes nothing', async () => {
    const users = await userCount();
    const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { ...person('big').profile, title: 'x'.repeat(1_100_000) } } });
    expectOktaError(res, 413, 'E0000003');
    expect(await userCount()).toBe(users);
  });

  it('answers missing credentials with 403 E0000005 "Invalid session"', async () => {
    const res = await call(org, 'GET', '/api/v1/users', { token: null });
    expectOktaError(res, 403, 'E0000005');
    expect(res.body.errorSummary).toBe('Invalid session');
  });

  it('answers an unknown SSWS token with 401 E0000011 and logs the refusal', async () => {
    const before = await eventCount();
    const res = await call(org, 'GET', '/api/v1/users', { token: '00' + 'x'.repeat(40) });
    expectOktaError(res, 401, 'E0000011');
    expect(res.body.errorSummary).toBe('Invalid token provided');
    expect(await eventCount()).toBe(before + 1);
    const page = await org.app.store.logEvents.query({ mode: 'bounded', order: 'DESCENDING', limit: 1, since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' });
    expect(page.events[0]).toMatchObject({
      eventType: 'user.authentication.auth',
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      transaction: { id: res.headers.get('x-okta-request-id') },
    });
  });

  it('answers a bearer token it did not issue with 401 and an invalid_token challenge', async () => {
    const res = await call(org, 'GET', '/api/v1/users', { token: null, headers: { Authorization: 'Bearer eyJhbGciOi.x.y' } });
    expectOktaError(res, 401, 'E0000011');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri="[^"]+\/oauth2\/v1\/authorize", realm="[^"]+", error="invalid_token", error_description="[^"]+"$/);
  });

  it('refuses a profile attribute that is not in the schema and creates nothing', async () => {
    const users = await userCount();
    const events = await eventCount();
    const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { ...person('unknownattr').profile, favouriteColour: 'blue' } } });
    expectOktaError(res, 400, 'E0000001');
    expect(res.body.errorCauses).toEqual([{ errorSummary: "Property name 'favouriteColour' is not defined in profile" }]);
    expect(await userCount()).toBe(users);
    expect(await eventCount()).toBe(events);
  });

  it('refuses an unknown top-level property rather than dropping it', async () => {
    const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: { ...person('toplevel'), nickname: 'x' } });
    expectOktaError(res, 400, 'E0000003');
    expect(res.body.errorCauses[0].errorSummary).toMatch(/nickname/);
  });

  it('ignores read-only fields echoed back in a PUT, as Okta does', async () => {
    const created = await call(org, 'POST', '/api/v1/users?activate=false', { body: person('echo') });
    expect(created.status).toBe(200);
    const echoed = { ...created.body, profile: { ...created.body.profile, title: 'Engineer' } };
    const res = await call(org, 'PUT', `/api/v1/users/${created.body.id}`, { body: echoed });
    expect(res.status).toBe(200);
    expect(res.body.profile.title).toBe('Engineer');
    expect(res.body.status).toBe('STAGED');
  });

  it('refuses a duplicate login case-insensitively with Okta exact body and logs nothing', async () => {
    await call(org, 'POST', '/api/v1/users?activate=false', { body: person('dup') });
    const events = await eventCount();
    const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { ...person('dup').profile, login: 'DUP@example.com' } } });
    expectOktaError(res, 400, 'E0000001');
    expect(res.body.errorSummary).toBe('Api validation failed: login');
    expect(res.body.errorCauses).toEqual([{ errorSummary: 'login: An object with this field already exists in the current organization' }]);
    expect(await eventCount()).toBe(events);
  });

  it('refuses a weak password with the policy text and creates nothing', async () => {
    const users = await userCount();
    const res = await call(org, 'POST', '/api/v1/users', { body: { ...person('weak'), credentials: { password: { value: 'short' } } } });
    expectOktaError(res, 400, 'E0000001');
    expect(res.body.errorCauses[0].errorSummary).toMatch(/^password: Password requirements were not met/);
    expect(await userCount()).toBe(users);
  });

  it('refuses creating with groupIds naming a missing group, leaving no user behind (one transaction)', async () => {
    const users = await userCount();
    const events = await eventCount();
    const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: { ...person('nogroup'), groupIds: ['00gNOSUCHGROUP000000'] } });
    expectOktaError(res, 400, 'E0000001');
    expect(await userCount()).toBe(users);
    expect(await eventCount()).toBe(events);
  });

  it('answers a POST with neither body nor Content-Length with 411', async () => {
    const created = await call(org, 'POST', '/api/v1/users?activate=false', { body: person('len') });
    // Node's own HTTP client always adds Content-Length: 0, so speak HTTP/1.1 over a socket by hand.
    const { connect } = await import('node:net');
    const url = new URL(org.url);
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`POST /api/v1/users/${created.body.id}/lifecycle/activate HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: SSWS ${org.token}\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
    expect(status).toBe(411);
  });

  it('separates Link relations into header lines with absolute URLs on the caller host', async () => {
    for (const n of ['l1', 'l2', 'l3']) await call(org, 'POST', '/api/v1/users?activate=false', { body: person(n) });
    const res = await call(org, 'GET', '/api/v1/users?limit=1');
    // fetch joins repeated headers with ", "; the raw lines are checked with node:http below.
    const links = res.headers.get('link');
    expect(links).toContain('rel="self"');
    const { get } = await import('node:http');
    const raw = await new Promise<string[]>((resolve, reject) => {
      get(`${org.url}/api/v1/users?limit=1`, { headers: { Authorization: `SSWS ${org.token}` } }, (r) => {
        r.resume();
        const lines: string[] = [];
        for (let i = 0; i < r.rawHeaders.length; i += 2) if (r.rawHeaders[i]!.toLowerCase() === 'link') lines.push(r.rawHeaders[i + 1]!);
        resolve(lines);
      }).on('error', reject);
    });
    expect(raw).toHaveLength(2);
    expect(raw[0]).toMatch(new RegExp(`^<${org.url}/api/v1/users\\?limit=1>; rel="self"$`));
    expect(raw[1]).toMatch(new RegExp(`^<${org.url}/api/v1/users\\?limit=1&after=00u[0-9A-Za-z]{17}>; rel="next"$`));
  });
});

describe('rate limits with Okta headers (sqlite)', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await startTestOrg('sqlite', { KEYFLOW_RATE_LIMITS: 'developer' });
  });
  afterAll(() => org.close());

  it('counts down X-Rate-Limit-Remaining and answers 429 E0000047 with Date and one reset value', async () => {
    const first = await call(org, 'GET', '/api/v1/logs?limit=1');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-rate-limit-limit')).toBe('20');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('19');
    let last = first;
    for (let i = 0; i < 20; i++) last = await call(org, 'GET', '/api/v1/logs?limit=1');
    expectOktaError(last, 429, 'E0000047');
    expect(last.body.errorSummary).toBe('API call exceeded rate limit due to too many requests.');
    expect(last.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(last.headers.get('x-rate-limit-reset')).toMatch(/^\d{10}$/);
    expect(last.headers.get('date')).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const violations = await org.app.store.logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 1000, since: '2000-01-01T00:00:00.000Z' });
    expect(violations.events.filter((e) => e.eventType === 'system.org.rate_limit.violation')).toHaveLength(1);
  });

  it('keeps other buckets open while one is exhausted', async () => {
    const res = await call(org, 'GET', '/api/v1/groups');
    expect(res.status).toBe(200);
  });
});

describe('client IP behind a trusted proxy (sqlite)', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await startTestOrg('sqlite', { KEYFLOW_TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(() => org.close());

  it('records the X-Forwarded-For client in client.ipAddress and the proxy in request.ipChain', async () => {
    const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: person('proxied'), headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(res.status).toBe(200);
    const page = await org.app.store.logEvents.query({ mode: 'bounded', order: 'DESCENDING', limit: 1, since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' });
    expect(page.events[0]!.client!.ipAddress).toBe('203.0.113.7');
    expect(page.events[0]!.request.ipChain.map((i) => i.ip)).toEqual(['203.0.113.7', '127.0.0.1']);
  });
});
