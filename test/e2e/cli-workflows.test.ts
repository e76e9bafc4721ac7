import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyflow } from '../support/cli.js';
import { eventually } from '../support/hook-receiver.js';
import { assignUser, createPerson } from '../support/oauth-org.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';
import { activateFlow, authorizedConnection, consentAt, createFlow, delegatedFlow, getConnection, workflowsApp } from '../support/workflows.js';

/**
 * `keyflow flows|connections|executions` against a real server over HTTP, on every store kind: the
 * commands mirror the Workflows API, print what an admin needs (status and reason, who a connection
 * acts as, each card of an execution) and `--json` prints the API's answer. The examples/ flows are
 * imported as a user would, with --set, so each of them is checked against the validator.
 */

const kinds = await storeKinds();
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const example = (name: string) => join(EXAMPLES, name);
const PASSWORD = 'Pers0n-Passw0rd';

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(kinds)('keyflow Workflows commands over HTTP (%s store)', (kind) => {
  let org: TestOrg;
  let env: Record<string, string>;
  let dir: string;
  let connection: any;
  let group: any;
  let group2: any;
  const flows: Record<string, any> = {};

  beforeAll(async () => {
    org = await startTestOrg(kind);
    env = { KEYFLOW_ORG_URL: org.url, KEYFLOW_API_TOKEN: org.token };
    dir = mkdtempSync(join(tmpdir(), 'keyflow-cli-workflows-'));
    connection = await authorizedConnection(org, { nickname: 'CLI flows' });
    group = (await call(org, 'POST', '/api/v1/groups', { body: { profile: { name: `VPN ${kind}` } } })).body;
    group2 = (await call(org, 'POST', '/api/v1/groups', { body: { profile: { name: `Contractors ${kind}` } } })).body;
  });
  afterAll(async () => {
    await org?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => keyflow(args, env);
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  describe('connections', () => {
    it('create prints the authorize URL to open as the person the connection will carry; it is PENDING until they consent, then ACTIVE as them', async () => {
      const created = await cli('connections', 'create', 'CLI (svc)');
      expect(created.exitCode).toBeNull();
      const id = /^Created connection (wfc\w+) "CLI \(svc\)" \(PENDING\)\.$/m.exec(created.out)?.[1];
      expect(id, created.out).toBeDefined();
      expect(created.out).toContain('Open this URL in a browser and sign in as the person whose identity the connection will carry:');
      expect(created.out).toContain('prefer a service account');
      const url = new RegExp(`^ {2}(${escape(org.url)}/\\S+)$`, 'm').exec(created.out)?.[1];
      expect(url, created.out).toMatch(/[?&]state=/);
      expect((await getConnection(org, id!)).status).toBe('PENDING');

      const pending = await cli('connections', 'show', id!);
      expect(pending.out).toMatch(/^ {2}status: +PENDING: Waiting for someone to sign in and consent at the authorize URL\.$/m);
      expect(pending.out).toMatch(/^ {2}authorized by: +nobody yet$/m);

      const page = await consentAt(org, url!);
      expect(page.status, page.html).toBe(200);
      const active = await cli('connections', 'show', id!);
      expect(active.out).toMatch(/^ {2}status: +ACTIVE$/m);
      expect(active.out).toMatch(/^ {2}authorized by: +.+ \(admin@example\.com\) at \d{4}-/m);
      expect(active.out).toMatch(/^ {2}used by: +no flows$/m);

      const json = await cli('connections', 'create', 'CLI (json)', '--json');
      expect(JSON.parse(json.out)).toMatchObject({ nickname: 'CLI (json)', status: 'PENDING', authorizeUrl: expect.stringContaining(org.url) });
    });

    it('list, show, test and reauthorize describe an authorized connection: who it acts as, whether it works', async () => {
      const list = await cli('connections', 'list');
      expect(list.exitCode).toBeNull();
      const [header, ...rows] = lines(list.out);
      expect(header).toMatch(/^ID +NICKNAME +AUTHORIZED BY +FLOWS +LAST USED +STATUS$/);
      expect(rows.find((r) => r.startsWith(connection.id))).toMatch(new RegExp(`^${connection.id} +CLI flows +admin@example\\.com +\\d+ +\\S+ +ACTIVE$`));
      const listed = JSON.parse((await cli('connections', 'list', '--json')).out);
      expect(listed.map((c: any) => c.id)).toContain(connection.id);
      const mine = JSON.parse((await cli('connections', 'list', '--authorized-by', org.adminId, '--json')).out);
      expect(mine.every((c: any) => c.authorizedBy.userId === org.adminId)).toBe(true);

      expect(JSON.parse((await cli('connections', 'show', connection.id, '--json')).out)).toMatchObject({ id: connection.id, status: 'ACTIVE', authorizedBy: { userId: org.adminId } });

      const test = await cli('connections', 'test', connection.id);
      expect(test.exitCode).toBeNull();
      expect(test.out).toMatch(new RegExp(`^OK: ${connection.id} "CLI flows" works; its calls act as .+ \\(admin@example\\.com\\)\\.\\n$`));
      expect(JSON.parse((await cli('connections', 'test', connection.id, '--json')).out)).toMatchObject({ ok: true, status: 200, connection: { id: connection.id } });

      const re = await cli('connections', 'reauthorize', connection.id);
      expect(re.out).toMatch(new RegExp(`^Connection ${connection.id} "CLI flows" is ACTIVE\\n`));
      expect(re.out).toMatch(new RegExp(`^ {2}${escape(org.url)}/\\S+state=`, 'm'));
      expect(JSON.parse((await cli('connections', 'reauthorize', connection.id, '--json')).out).authorizeUrl).toContain(org.url);
    });

    it('list --authorized-by shows exactly that person’s connections and the active flows that break if they lose access', async () => {
      const app = await workflowsApp(org);
      const login = `impact-cli-${kind}@example.com`;
      const person = await createPerson(org, login, PASSWORD, 'SUPER_ADMIN');
      await assignUser(org, app.id, person);
      const used = await authorizedConnection(org, { nickname: 'CLI impact used', username: login, password: PASSWORD });
      const spare = await authorizedConnection(org, { nickname: 'CLI impact spare', username: login, password: PASSWORD });
      const read = (connectionId: string) => [{ id: 'read', type: 'okta.readUser', connectionId, inputs: { user: { ref: 'run.userId' } } }];
      const live = await createFlow(org, delegatedFlow('CLI impact live', read(used.id)));
      const idle = await createFlow(org, delegatedFlow('CLI impact idle', read(spare.id)));
      await activateFlow(org, live.id);

      const list = await cli('connections', 'list', '--authorized-by', person);
      expect(list.exitCode, list.err).toBeNull();
      const [header, ...rest] = lines(list.out);
      expect(header).toMatch(/^ID +NICKNAME +AUTHORIZED BY +FLOWS +LAST USED +STATUS$/);
      expect(rest.slice(0, 2).map((r) => r.split(/ {2,}/)[0]).sort()).toEqual([used.id, spare.id].sort());
      expect(rest.slice(2)).toEqual([
        `Active flows that stop working if ${person} is suspended, deactivated, deleted, signed out with token revocation or loses the admin role:`,
        `  ${live.id} "CLI impact live" through ${used.id} "CLI impact used"`,
        'To move a connection to a service account first: keyflow connections reauthorize <id>',
      ]);
      expect(list.out).not.toContain(idle.id);
      expect(list.out).not.toContain(connection.id);

      const json = JSON.parse((await cli('connections', 'list', '--authorized-by', person, '--json')).out);
      expect(Object.fromEntries(json.map((c: any) => [c.id, c.usage.flows]))).toEqual({
        [used.id]: [{ id: live.id, name: 'CLI impact live', active: true }],
        [spare.id]: [{ id: idle.id, name: 'CLI impact idle', active: false }],
      });

      const nobody = await cli('connections', 'list', '--authorized-by', '00u00000000000000000');
      expect(nobody.exitCode).toBeNull();
      expect(nobody.out).toBe('No connections are authorized by 00u00000000000000000: nothing in Workflows acts as them.\n');
      // An empty id (a script's unset variable) is refused rather than listing everyone's connections.
      const empty = await cli('connections', 'list', '--authorized-by', '');
      expect(empty.exitCode).toBe(1);
      expect(empty.out).toBe('');
      expect(empty.err).toContain("option '--authorized-by <userId>' argument '' is invalid. expected the id of a user (00u…), not an empty value");

      const help = await cli('connections', 'list', '--help');
      expect(help.out).toContain('--authorized-by <userId>');
      expect(help.out).toContain('The list is followed by the active flows that would stop working');
      expect(help.out).toContain('keyflow connections list --authorized-by 00u1a2b3c4');
    });

    it('once the authorizing person is suspended, a delegated run fails on its Okta card (HTTP 403, exit 1) and test prints what the org said and the reason, exit 1', async () => {
      const app = await workflowsApp(org);
      const login = `owner-cli-${kind}@example.com`;
      const owner = await createPerson(org, login, PASSWORD, 'SUPER_ADMIN');
      await assignUser(org, app.id, owner);
      const owned = await authorizedConnection(org, { nickname: 'CLI owned', username: login, password: PASSWORD });
      const flow = JSON.parse(
        (await cli('flows', 'import', file('read.json', delegatedFlow('Read a user', [{ id: 'read', type: 'okta.readUser', connectionId: owned.id, inputs: { user: { ref: 'run.userId' } } }])), '--json')).out,
      );
      expect(flow).toMatchObject({ triggerType: 'delegated', connectionIds: [owned.id] });
      expect((await call(org, 'POST', `/api/v1/users/${owner}/lifecycle/suspend`)).status).toBe(200);

      const run = await cli('flows', 'run', flow.id, '--input', `userId=${org.adminId}`, '--wait');
      expect(run.exitCode).toBe(1);
      expect(run.out).toMatch(/^Execution wfe\w+ {2}FAILED in \d/);
      expect(run.out).toMatch(/^ {2}trigger: +delegated by \w+$/m);
      expect(run.out).toMatch(/^ {2}error: +.+ \(HTTP 403 E0000006, card read\)$/m);
      expect(run.out).toMatch(/^ {2}read +okta\.readUser +FAILED +1 +\d+(\.\d)? m?s +403 +-$/m);
      expect(run.out).toMatch(/^ {6}error: .+ \(HTTP 403 E0000006, card read\)$/m);

      const test = await cli('connections', 'test', owned.id);
      expect(test.exitCode).toBe(1);
      expect(test.out).toMatch(new RegExp(`^FAILED: ${owned.id} "CLI owned" does not work \\(HTTP 403\\)\\.$`, 'm'));
      expect(test.out).toMatch(/^ {2}the org said: +403 E0000006: .+$/m);
      expect(test.out).toMatch(/^ {2}status: +ERROR: The org refused the call .+ may be suspended .+ preferably as a service account\.$/m);
      expect(test.out).toContain(`keyflow connections reauthorize ${owned.id}`);
      const show = await cli('connections', 'show', owned.id);
      expect(show.out).toMatch(new RegExp(`^ {2}used by: +1 flow: ${flow.id} "Read a user" \\(inactive\\)$`, 'm'));
      expect(show.out).toMatch(/^ {2}last error: +403 E0000006: /m);
      const list = lines((await cli('connections', 'list')).out);
      expect(list.find((r) => r.startsWith(owned.id))).toMatch(/ +1 +\S+ +ERROR: The org refused the call/);
    });
  });

  describe('flows', () => {
    it('import creates each example with its --set substitutions: the helper first, then the flows that use it', async () => {
      const helper = await cli('flows', 'import', example('suspend-user-helper.json'), '--set', `CONNECTION_ID=${connection.id}`, '--json');
      expect(helper.exitCode, helper.err).toBeNull();
      flows.helper = JSON.parse(helper.out);
      expect(flows.helper).toMatchObject({ kind: 'helper', triggerType: 'helper', active: false, connectionIds: [connection.id] });

      const stale = await cli('flows', 'import', example('suspend-stale-accounts.json'), '--set', `CONNECTION_ID=${connection.id}`, '--set', `HELPER_FLOW_ID=${flows.helper.id}`);
      expect(stale.exitCode, stale.err).toBeNull();
      expect(stale.err).toBe('');
      const [imported, title, ...details] = lines(stale.out);
      expect(imported).toBe(`Imported ${example('suspend-stale-accounts.json')}.`);
      const id = /^Flow (wff\w+) "Suspend accounts unused for 90 days"$/.exec(title!)?.[1];
      expect(id).toBeDefined();
      expect(details).toEqual([
        '  status:      inactive',
        '  trigger:     schedule every day at 02:00 Europe/Paris',
        '  version:     1',
        '  cards:       5',
        `  connections: ${connection.id}`,
        expect.stringMatching(/^ {2}updated: {5}\d{4}-/),
        `Turn it on with: keyflow flows activate ${id}`,
      ]);
      flows.stale = (await call(org, 'GET', `/workflows/api/v1/flows/${id}`)).body;
      expect(flows.stale.definition.cards[3]).toMatchObject({ type: 'okta.listUsers', connectionId: connection.id, flowId: flows.helper.id });

      const remover = await cli('flows', 'import', example('remove-from-group-helper.json'), '--set', `CONNECTION_ID=${connection.id}`, '--json');
      expect(remover.exitCode, remover.err).toBeNull();
      flows.remover = JSON.parse(remover.out);
      expect(flows.remover).toMatchObject({ kind: 'helper', connectionIds: [connection.id] });
      const offboarding = await cli('flows', 'import', example('offboarding.json'), '--set', `CONNECTION_ID=${connection.id}`, '--set', `HELPER_FLOW_ID=${flows.remover.id}`, '--activate', '--json');
      expect(offboarding.exitCode, offboarding.err).toBeNull();
      expect(offboarding.err).toBe('');
      flows.offboarding = JSON.parse(offboarding.out);
      expect(flows.offboarding).toMatchObject({ active: true, triggerType: 'okta.event', connectionIds: [connection.id] });
      expect(flows.offboarding.definition.cards[3]).toMatchObject({ type: 'list.forEach', flowId: flows.remover.id });
      const hooks = (await call(org, 'GET', '/api/v1/eventHooks')).body.filter((h: any) => h.name === `Keyflow Workflows: ${flows.offboarding.name}`);
      expect(hooks).toHaveLength(1);

      const greeting = await cli('flows', 'import', example('api-greeting.json'), '--activate');
      expect(greeting.exitCode, greeting.err).toBeNull();
      expect(greeting.out).toMatch(/^ {2}status: +active$/m);
      expect(greeting.out).toMatch(/^ {2}trigger: +api_endpoint \(client token\), inputs name:text$/m);
      expect(greeting.out).toMatch(new RegExp(`^ {2}invoke URL: +${escape(org.url)}/workflows/api/v1/invoke/greeting$`, 'm'));
      expect(greeting.out).not.toContain('Turn it on');
      flows.greeting = (await call(org, 'GET', `/workflows/api/v1/flows/${/^Flow (wff\w+)/m.exec(greeting.out)![1]}`)).body;
      expect(flows.greeting.active).toBe(true);

      const imports = (await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "workflows.user.flow.import"')}`)).body;
      expect(imports.length, 'imports are logged as imports').toBeGreaterThanOrEqual(5);
    });

    it('list prints every flow with its status and trigger; --json the API answer', async () => {
      const list = await cli('flows', 'list');
      expect(list.exitCode).toBeNull();
      const [header, ...rows] = lines(list.out);
      expect(header).toMatch(/^ID +STATUS +TRIGGER +VERSION +UPDATED +NAME$/);
      const row = (flow: any) => rows.find((r) => r.startsWith(flow.id));
      expect(row(flows.helper)).toMatch(/ helper +helper +1 +\S+ +Suspend one user \(helper\)$/);
      expect(row(flows.stale)).toMatch(/ inactive +schedule +1 +\S+ +Suspend accounts unused for 90 days$/);
      expect(row(flows.offboarding)).toMatch(/ active +okta\.event +1 /);
      expect(row(flows.greeting)).toMatch(/ active +api_endpoint +1 +\S+ +API greeting$/);
      const listed = JSON.parse((await cli('flows', 'list', '--json')).out);
      expect(listed.map((f: any) => f.id)).toEqual(expect.arrayContaining([flows.helper.id, flows.stale.id, flows.offboarding.id, flows.greeting.id]));
      const one = JSON.parse((await cli('flows', 'list', '--limit', '1', '--json')).out);
      expect(one).toHaveLength(1);
    });

    it('run --wait of the API flow prints SUCCEEDED, the output and a line per card; --json parses', async () => {
      const run = await cli('flows', 'run', flows.greeting.id, '--input', 'name=Ada', '--wait');
      expect(run.exitCode, run.err).toBeNull();
      const out = lines(run.out);
      expect(out[0]).toMatch(/^Execution wfe\w+ {2}SUCCEEDED in \d+(\.\d)? m?s$/);
      expect(run.out).toMatch(new RegExp(`^ {2}flow: +${flows.greeting.id} version 1$`, 'm'));
      expect(run.out).toMatch(/^ {2}trigger: +manual by \w+$/m);
      expect(run.out).toMatch(/^ {2}output: +\{"message":"Hello, Ada!"\}$/m);
      const table = out.slice(out.findIndex((l) => l.startsWith('  CARD')));
      expect(table[0]).toMatch(/^ {2}CARD +TYPE +STATUS +ATTEMPTS +DURATION +HTTP +REQUEST IDS$/);
      expect(table.slice(1).map((l) => l.trim().split(/ {2,}/).slice(0, 4))).toEqual([
        ['settings', 'control.assign', 'SUCCEEDED', '1'],
        ['message', 'text.compose', 'SUCCEEDED', '1'],
        ['answer', 'control.return', 'SUCCEEDED', '1'],
      ]);

      const json = JSON.parse((await cli('flows', 'run', flows.greeting.id, '--input', 'name=Bo', '--wait', '--json')).out);
      expect(json).toMatchObject({ flowId: flows.greeting.id, status: 'SUCCEEDED', output: { message: 'Hello, Bo!' } });
    });

    it('run --wait of the scheduled example computes the cut-off, searches the org through the connection and streams nobody when no one is stale', async () => {
      const run = await cli('flows', 'run', flows.stale.id, '--wait');
      expect(run.exitCode, run.out).toBeNull();
      expect(run.out).toMatch(/^Execution wfe\w+ {2}SUCCEEDED/);
      const output = JSON.parse(/^ {2}output: +(.+)$/m.exec(run.out)![1]!);
      expect(output.suspended).toBe(0);
      expect(Date.parse(output.lastLoginBefore)).toBeLessThan(Date.now() - 89 * 86_400_000);
      expect(run.out).toMatch(/^ {2}stale +okta\.listUsers +SUCCEEDED +1 +\S+ m?s +200 +\S+$/m);
    });

    it('run without --wait queues the run and names the command to follow it', async () => {
      const run = await cli('flows', 'run', flows.greeting.id, '--input', 'name=Cy');
      expect(run.exitCode).toBeNull();
      const id = /^Queued execution (wfe\w+) of flow \w+ "API greeting" \((QUEUED|RUNNING|SUCCEEDED)\)\.$/m.exec(run.out)?.[1];
      expect(id, run.out).toBeDefined();
      expect(run.out).toContain(`Follow it with: keyflow executions show ${id}`);
      const done = await eventually(async () => {
        const show = await cli('executions', 'show', id!);
        return show.out.includes('SUCCEEDED') ? show : undefined;
      });
      expect(done.out).toMatch(/^ {2}output: +\{"message":"Hello, Cy!"\}$/m);
    });

    it('run reads each --input as the type the trigger declares, and refuses a value that is not', async () => {
      const typed = delegatedFlow('Typed', [{ id: 'out', type: 'control.return', inputs: { n: { ref: 'run.count' }, b: { ref: 'run.on' } } }]);
      (typed.trigger as any).inputs = [{ key: 'count', type: 'number' }, { key: 'on', type: 'boolean' }];
      const flow = JSON.parse((await cli('flows', 'import', file('typed.json', typed), '--json')).out);
      const run = JSON.parse((await cli('flows', 'run', flow.id, '--input', 'count=3', '--input', 'on=true', '--wait', '--json')).out);
      expect(run.output).toEqual({ n: 3, b: true });
      const bad = await cli('flows', 'run', flow.id, '--input', 'count=three', '--wait');
      expect(bad.exitCode).toBe(1);
      expect(bad.err).toBe("keyflow: --input count: the flow declares count as number; expected a number, got 'three'\n");
      const undeclared = await cli('flows', 'run', flow.id, '--input', 'colour=red');
      expect(undeclared.exitCode).toBe(1);
      expect(undeclared.err).toMatch(/^keyflow: E0000001 \(HTTP 400\): .*\n {2}cause: inputs\.colour: The flow declares no such input\n/);
    });

    it('export writes the definition import read, with the substitutions; deactivate turns a flow off', async () => {
      const out = join(dir, 'exported.json');
      const exported = await cli('flows', 'export', flows.stale.id, '--out', out);
      expect(exported.exitCode).toBeNull();
      expect(exported.err).toBe(`exported flow ${flows.stale.id} "Suspend accounts unused for 90 days" to ${out}\n`);
      const source = readFileSync(example('suspend-stale-accounts.json'), 'utf8').replaceAll('HELPER_FLOW_ID', flows.helper.id).replaceAll('CONNECTION_ID', connection.id);
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(source));
      expect(JSON.parse((await cli('flows', 'export', flows.greeting.id)).out)).toEqual(JSON.parse(readFileSync(example('api-greeting.json'), 'utf8')));

      const off = await cli('flows', 'deactivate', flows.greeting.id);
      expect(off.exitCode).toBeNull();
      expect(off.out).toMatch(/^ {2}status: +inactive$/m);
      expect((await fetch(`${org.url}/workflows/api/v1/invoke/greeting?name=x`)).status).toBe(404);
      const on = JSON.parse((await cli('flows', 'activate', flows.greeting.id, '--json')).out);
      expect(on.active).toBe(true);
      expect(JSON.parse((await cli('flows', 'show', flows.greeting.id, '--json')).out)).toMatchObject({ id: flows.greeting.id, active: true });
    });

    it("import of an invalid definition prints Okta's errorSummary and each errorCause, with exit code 1", async () => {
      const bad = await cli(
        'flows',
        'import',
        file('bad.json', delegatedFlow('Bad', [
          { id: 'a', type: 'okta.deactivateUser', inputs: { user: { ref: 'nowhere.id' } } },
          { id: 'a', type: 'text.nope' },
        ])),
      );
      expect(bad.exitCode).toBe(1);
      expect(bad.out).toBe('');
      const err = lines(bad.err);
      expect(err[0]).toMatch(/^keyflow: E0000001 \(HTTP 400\): \S/);
      expect(err).toEqual(expect.arrayContaining([
        '  cause: cards[0].connectionId: Deactivate User needs a connection',
        '  cause: cards[0].inputs.user.ref: no card "nowhere" runs before this one',
        '  cause: cards[1].id: "a" is used twice',
        '  cause: cards[1].type: unknown card type "text.nope"',
      ]));
      expect(err.at(-1)).toMatch(/^ {2}errorId: \w+$/);
    });

    it('import without the --set an example needs warns of each placeholder left, and the API refuses the unknown connection', async () => {
      const result = await cli('flows', 'import', example('offboarding.json'));
      expect(result.exitCode).toBe(1);
      expect(result.err).toContain(`keyflow: warning: ${example('offboarding.json')} still contains CONNECTION_ID; pass --set CONNECTION_ID=…\n`);
      expect(result.err).toContain('still contains HELPER_FLOW_ID; pass --set HELPER_FLOW_ID=…\n');
      expect(result.err).toMatch(/keyflow: E0000001 \(HTTP 400\): .*\n {2}cause: connectionId: No connection CONNECTION_ID\n/);

      const typo = await cli('flows', 'import', example('offboarding.json'), '--set', 'CONECTION_ID=wfc1');
      expect(typo.exitCode).toBe(1);
      expect(typo.err).toBe(`keyflow: --set CONECTION_ID: ${example('offboarding.json')} does not contain CONECTION_ID\n`);
      const helper = await cli('flows', 'import', example('suspend-user-helper.json'), '--set', `CONNECTION_ID=${connection.id}`, '--activate');
      expect(helper.exitCode).toBe(1);
      expect(helper.err).toMatch(/^keyflow: --activate: helper flows are not turned on/);
      const missing = await cli('flows', 'import', join(dir, 'none.json'));
      expect(missing.exitCode).toBe(1);
      expect(missing.err).toMatch(/^keyflow: cannot read .*none\.json: ENOENT/);
      const broken = await cli('flows', 'import', file('broken.json', '{"schemaVersion": '));
      expect(broken.exitCode).toBe(1);
      expect(broken.err).toMatch(/^keyflow: .*broken\.json is not valid JSON: /);
      const badSet = await cli('flows', 'import', example('offboarding.json'), '--set', 'no-equals');
      expect(badSet.exitCode).toBe(1);
      expect(badSet.err).toContain("expected NAME=value, got 'no-equals'");
    });
  });

  describe('executions', () => {
    it('the offboarding example runs on a deactivation and removes the person from every group, as the connection\'s person and Azuqua; list and show print each card with its HTTP status and request ids', async () => {
      const leaver = await createPerson(org, `leaver-cli-${kind}@example.com`, PASSWORD);
      for (const g of [group, group2]) expect((await call(org, 'PUT', `/api/v1/groups/${g.id}/users/${leaver}`)).status).toBe(204);
      expect((await call(org, 'POST', `/api/v1/users/${leaver}/lifecycle/deactivate`)).status).toBe(200);
      const execution = await eventually(async () => {
        const list = (await call(org, 'GET', `/workflows/api/v1/flows/${flows.offboarding.id}/executions`)).body;
        return list.find((e: any) => e.status === 'SUCCEEDED' || e.status === 'FAILED');
      });
      expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
      for (const g of [group, group2]) expect((await call(org, 'GET', `/api/v1/groups/${g.id}/users`)).body.map((u: any) => u.id)).not.toContain(leaver);

      // One removal per group, each by the connection's person through the engine's client (Azuqua).
      const filter = encodeURIComponent(`eventType eq "group.user_membership.remove" and target.id eq "${leaver}"`);
      const removals = (await call(org, 'GET', `/api/v1/logs?filter=${filter}`)).body as any[];
      expect(removals.map((e) => e.target.find((t: any) => t.type === 'UserGroup').id).sort()).toEqual([group.id, group2.id].sort());
      for (const removal of removals) {
        expect(removal.actor).toMatchObject({ id: org.adminId, type: 'User' }); // who authorized the connection
        expect(removal.client.userAgent.rawUserAgent).toBe('Azuqua');
        expect(removal.outcome.result).toBe('SUCCESS');
        expect(removal.debugContext.debugData).toMatchObject({ workflowsFlowId: flows.remover.id, workflowsCardId: 'remove' });
      }
      // The helper ran once per group; Everyone cannot lose members and was skipped.
      const helperRuns = (await call(org, 'GET', `/workflows/api/v1/flows/${flows.remover.id}/executions`)).body as any[];
      expect(helperRuns).toHaveLength(3);
      expect(helperRuns.every((r) => r.status === 'SUCCEEDED')).toBe(true);
      expect(helperRuns.filter((r) => r.output.removed).map((r) => r.output.groupId).sort()).toEqual([group.id, group2.id].sort());
      const [skipped] = helperRuns.filter((r) => !r.output.removed);
      expect(skipped.input.item).toMatchObject({ type: 'BUILT_IN', profile: { name: 'Everyone' } });

      const list = await cli('executions', 'list', flows.offboarding.id);
      expect(list.exitCode).toBeNull();
      const [header, ...rows] = lines(list.out);
      expect(header).toMatch(/^ID +STATUS +TRIGGER +QUEUED +DURATION +CARDS +ERROR$/);
      expect(rows).toEqual([expect.stringMatching(new RegExp(`^${execution.id} +SUCCEEDED +okta\\.event +\\S+ +\\d+(\\.\\d)? m?s +4$`))]);
      expect(JSON.parse((await cli('executions', 'list', flows.offboarding.id, '--json')).out)).toEqual([execution]);

      const show = await cli('executions', 'show', execution.id);
      expect(show.exitCode).toBeNull();
      expect(show.out).toMatch(new RegExp(`^Execution ${execution.id} {2}SUCCEEDED in `));
      expect(show.out).toMatch(new RegExp(`^ {2}trigger: +okta\\.event event ${execution.trigger.eventId}$`, 'm'));
      const [sessions, , groups] = execution.cards;
      expect(sessions.requestIds).toHaveLength(1);
      expect(show.out).toMatch(new RegExp(`^ {2}endSessions +okta\\.clearUserSessions +SUCCEEDED +1 +\\S+ m?s +204 +${sessions.requestIds[0]}$`, 'm'));
      expect(show.out).toMatch(new RegExp(`^ {2}groups +okta\\.customApiAction +SUCCEEDED +1 +\\S+ m?s +200 +${groups.requestIds[0]}$`, 'm'));
      expect(show.out).toMatch(/^ {2}leaveGroups +list\.forEach +SUCCEEDED +1 /m);
      expect(JSON.parse((await cli('executions', 'show', execution.id, '--json')).out)).toEqual(execution);
    });

    it("cancel of an execution that already ended prints Okta's error and its cause, with exit code 1; an unknown id is a 404", async () => {
      const [ended] = (await call(org, 'GET', `/workflows/api/v1/flows/${flows.greeting.id}/executions?limit=1`)).body;
      const cancel = await cli('executions', 'cancel', ended.id);
      expect(cancel.exitCode).toBe(1);
      expect(cancel.err).toMatch(/^keyflow: E0000001 \(HTTP 400\): .*\n {2}cause: status: The execution already ended \(SUCCEEDED\)\n/);
      const unknown = await cli('executions', 'show', 'wfe0000nothing');
      expect(unknown.exitCode).toBe(1);
      expect(unknown.err).toMatch(/^keyflow: E0000007 \(HTTP 404\): /);
      const list = await cli('executions', 'list', flows.helper.id);
      expect(list.out).toBe('No executions.\n');
    });

    it('the scheduled example streams a person whose last sign-in is older than 90 days to its helper, which suspends them', async () => {
      const login = `stale-cli-${kind}@example.com`;
      const stale = await createPerson(org, login, PASSWORD);
      // A sign-in 100 days ago cannot be made over the API: the store is written as that sign-in would have.
      const user = (await org.app.store.users.findById(stale))!;
      await org.app.store.users.update({ ...user, lastLogin: new Date(Date.now() - 100 * 86_400_000).toISOString() });

      const run = await cli('flows', 'run', flows.stale.id, '--wait');
      expect(run.exitCode, run.out).toBeNull();
      expect(JSON.parse(/^ {2}output: +(.+)$/m.exec(run.out)![1]!).suspended).toBe(1);
      expect((await call(org, 'GET', `/api/v1/users/${stale}`)).body.status).toBe('SUSPENDED');

      const helperRuns = await cli('executions', 'list', flows.helper.id, '--json');
      const [helperRun] = JSON.parse(helperRuns.out);
      expect(helperRun).toMatchObject({ status: 'SUCCEEDED', trigger: { type: 'helper' }, input: { user: { id: stale }, index: 0 }, output: { suspended: stale } });
      const show = await cli('executions', 'show', helperRun.id);
      expect(show.out).toMatch(new RegExp(`^ {2}trigger: +helper called by wfe\\w+$`, 'm'));
      expect(show.out).toMatch(new RegExp(`^ {2}suspend +okta\\.suspendUser +SUCCEEDED +1 +\\S+ m?s +200 +${helperRun.cards[0].requestIds[0]}$`, 'm'));
    });
  });

  it('--help of each command says what it prints, with examples', async () => {
    const importHelp = await cli('flows', 'import', '--help');
    expect(importHelp.exitCode).toBe(0);
    expect(importHelp.out).toContain('--set <NAME=value>');
    expect(importHelp.out).toContain('$ keyflow flows import examples/offboarding.json --set CONNECTION_ID=wfc1a2b3c4 --set HELPER_FLOW_ID=wff1a2b3c4 --activate');
    const create = await cli('connections', 'create', '--help');
    expect(create.out).toContain('sign in as the person whose identity the connection');
    const top = await cli('--help');
    for (const noun of ['flows', 'connections', 'executions']) expect(top.out).toMatch(new RegExp(`^ {2}${noun} `, 'm'));
  });
});
