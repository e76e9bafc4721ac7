import { Command, InvalidArgumentError } from 'commander';
import { integerIn } from '../logs/time-bound.js';
import type { ConnectionTest, ConnectionView, CreatedConnection } from './api-shapes.js';
import { clientFor, connected, printJson, printLines, reporting, type OrgFlags } from './command-options.js';
import { authorizeInstructions, connectionDetails, connectionStatus, connectionTable, impactLines, testVerdict } from './connection-view.js';

const path = (id: string, action = '') => `/connections/${encodeURIComponent(id)}${action}`;

/** A user id, never empty: an empty one (a script's unset variable) would list everyone's connections. */
function userIdArg(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('expected the id of a user (00u…), not an empty value');
  return text;
}

const ERRORS = "Errors of the API print Okta's errorCode, errorSummary and each errorCause, with exit code 1.";

type CreateFlags = OrgFlags & { targetOrg?: string; clientId?: string; clientSecret?: string; scopes?: string };

/** `keyflow connections …`: the Workflows connections API (`/workflows/api/v1/connections`) over HTTP. */
export function connectionsCommand(): Command {
  const connections = new Command('connections').description('Workflows connections: OAuth grants through which flows call an Okta org as the person who authorized them');

  connected(
    connections
      .command('create')
      .description('create a connection (PENDING) and print the URL where a person authorizes it')
      .argument('<nickname>', 'the name flows and admins know it by, e.g. "Okta (svc-workflows)"')
      .option('--target-org <url>', "base URL of the org the connection calls (default: this org); needs --client-id of an app there")
      .option('--client-id <id>', "OAuth client of that org (default: this org's Keyflow Workflows app)")
      .option('--client-secret <secret>', 'secret of --client-id (it is sealed at rest and never shown again)')
      .option('--scopes <scopes>', 'scopes to ask for, space- or comma-separated (default: openid profile email offline_access and every okta.* scope of the app)'),
  )
    .addHelpText(
      'after',
      `
Prints the authorize URL: open it in a browser and sign in as the person whose identity the connection
will carry (ideally a service account). Until then the connection is PENDING.

Examples:
  $ keyflow connections create "Okta (svc-workflows)"
  $ keyflow connections create "Partner org" --target-org https://partner.example.com --client-id 0oa1b2c3 --client-secret "$SECRET"

${ERRORS}`,
    )
    .action(
      reporting(async (nickname: string, flags: CreateFlags) => {
        const scopes = flags.scopes?.split(/[\s,]+/).filter(Boolean);
        const body = {
          nickname,
          ...(flags.targetOrg ? { orgUrl: flags.targetOrg } : {}),
          ...(flags.clientId ? { clientId: flags.clientId } : {}),
          ...(flags.clientSecret ? { clientSecret: flags.clientSecret } : {}),
          ...(scopes ? { scopes } : {}),
        };
        const created = await clientFor(flags).post<CreatedConnection>('/connections', body);
        if (flags.json) return printJson(created);
        printLines([`Created connection ${created.id} "${created.nickname}" (${created.status}).`, ...authorizeInstructions(created, created.authorizeUrl)]);
      }),
    );

  connected(
    connections
      .command('list')
      .description('list connections with their status (and why it is not ACTIVE), who authorized them and how many flows use them')
      .option('--authorized-by <userId>', 'only connections authorized by this person (user id), and the active flows that break if they lose access', userIdArg)
      .option('--limit <n>', 'most connections to print', integerIn(1, 100_000), 200),
  )
    .addHelpText(
      'after',
      `
With --authorized-by, check a person before suspending, deactivating or deleting them, clearing their
sessions with token revocation, or removing their admin role: every call of their connections acts as
them and fails from then on. The list is followed by the active flows that would stop working; move the
connections to a service account first with "keyflow connections reauthorize <id>". An id that names
nobody lists nothing. --json prints the API's answer (GET /workflows/api/v1/connections?authorizedBy=…),
each connection with usage.flows[].active.

Examples:
  $ keyflow connections list
  $ keyflow connections list --authorized-by 00u1a2b3c4
  $ keyflow connections list --authorized-by 00u1a2b3c4 --json | jq '[.[].usage.flows[] | select(.active)] | length'

${ERRORS}`,
    )
    .action(
      reporting(async (flags: OrgFlags & { authorizedBy?: string; limit: number }) => {
        const page = await clientFor(flags).list<ConnectionView>('/connections', { authorizedBy: flags.authorizedBy }, flags.limit);
        if (flags.json) return printJson(page.items);
        if (flags.authorizedBy !== undefined) printLines([...(page.items.length > 0 ? connectionTable(page.items) : []), ...impactLines(flags.authorizedBy, page.items)]);
        else printLines(page.items.length === 0 ? ['No connections.'] : connectionTable(page.items));
        if (page.more) process.stderr.write(`(${page.items.length} connections shown; there may be more: raise --limit)\n`);
      }),
    );

  connected(connections.command('show').description('show a connection: status and reason, who it acts as, scopes, last use and error, the flows using it').argument('<id>', 'connection id (wfc…)'))
    .addHelpText('after', `\nExample:\n  $ keyflow connections show wfc1a2b3c4\n\n${ERRORS}`)
    .action(
      reporting(async (id: string, flags: OrgFlags) => {
        const connection = await clientFor(flags).get<ConnectionView>(path(id));
        if (flags.json) return printJson(connection);
        printLines(connectionDetails(connection));
      }),
    );

  connected(connections.command('test').description("call the org through the connection (read the authorizing person's own user) and report whether it works").argument('<id>', 'connection id (wfc…)'))
    .addHelpText(
      'after',
      `
A passing test turns an ERROR connection ACTIVE again (say, once its person is unsuspended). A failing
test prints what the org said and the connection's status reason, with exit code 1.

Example:
  $ keyflow connections test wfc1a2b3c4

${ERRORS}`,
    )
    .action(
      reporting(async (id: string, flags: OrgFlags) => {
        const result = await clientFor(flags).post<ConnectionTest>(path(id, '/test'));
        if (flags.json) printJson(result);
        else printLines(testVerdict(result));
        if (!result.ok) process.exit(1);
      }),
    );

  connected(
    connections
      .command('reauthorize')
      .description('print a new authorize URL for a connection; whoever signs in there becomes the person it acts as')
      .argument('<id>', 'connection id (wfc…)'),
  )
    .addHelpText(
      'after',
      `
This is how a connection moves from a person to a service account, or recovers after its person was
deactivated or had their sessions cleared: the connection keeps its id, so flows need no change.

Example:
  $ keyflow connections reauthorize wfc1a2b3c4

${ERRORS}`,
    )
    .action(
      reporting(async (id: string, flags: OrgFlags) => {
        const client = clientFor(flags);
        const { authorizeUrl } = await client.post<{ authorizeUrl: string }>(path(id, '/reauthorize'));
        if (flags.json) return printJson({ authorizeUrl });
        const connection = await client.get<ConnectionView>(path(id));
        printLines([`Connection ${connection.id} "${connection.nickname}" is ${connectionStatus(connection)}`, ...authorizeInstructions(connection, authorizeUrl)]);
      }),
    );

  return connections;
}
