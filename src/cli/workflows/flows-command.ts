import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { FlowDefinition } from '../../core/workflows/flow-definition.js';
import { integerIn } from '../logs/time-bound.js';
import type { ExecutionView, FlowView } from './api-shapes.js';
import { clientFor, CommandFailed, connected, namedValue, printJson, printLines, reporting, type OrgFlags } from './command-options.js';
import { executionDetails } from './execution-view.js';
import { readFlowFile, PLACEHOLDER_NAME } from './flow-file.js';
import { flowDetails, flowTable } from './flow-view.js';
import { declaredInputs, runInputs } from './run-inputs.js';

const path = (id: string, action = '') => `/flows/${encodeURIComponent(id)}${action}`;

const ERRORS = "Errors of the API print Okta's errorCode, errorSummary and each errorCause (for a definition, one\nper problem with its JSON path), with exit code 1.";

/** Executions that did not do their job: `flows run --wait` exits 1 for them. */
const UNSUCCESSFUL: readonly ExecutionView['status'][] = ['FAILED', 'CANCELLED'];

type ImportFlags = OrgFlags & { set?: [string, string][]; activate?: boolean };
type RunFlags = OrgFlags & { input?: [string, string][]; wait?: boolean };

/** `keyflow flows …`: the Workflows flows API (`/workflows/api/v1/flows`) over HTTP. */
export function flowsCommand(): Command {
  const flows = new Command('flows').description('Workflows flows: import JSON definitions, list, turn on and off, run, export');

  connected(
    flows
      .command('import')
      .description('create a flow from a JSON definition file (logged as an import), optionally turning it on')
      .argument('<file>', 'flow definition (JSON), e.g. examples/offboarding.json')
      .option('--set <NAME=value>', 'replace the placeholder NAME in the file by value before parsing (repeatable)', namedValue(PLACEHOLDER_NAME, 'NAME'))
      .option('--activate', 'turn the flow on once imported (main flows only)'),
  )
    .addHelpText(
      'after',
      `
--set is plain text replacement in the file, so a definition can name CONNECTION_ID or HELPER_FLOW_ID and be
imported into any org. A NAME the file does not contain fails; a value still looking like a placeholder
("…_ID") after replacement is reported on stderr.

Examples:
  $ keyflow flows import examples/api-greeting.json --activate
  $ keyflow flows import examples/remove-from-group-helper.json --set CONNECTION_ID=wfc1a2b3c4
  $ keyflow flows import examples/offboarding.json --set CONNECTION_ID=wfc1a2b3c4 --set HELPER_FLOW_ID=wff1a2b3c4 --activate

${ERRORS}`,
    )
    .action(
      reporting(async (file: string, flags: ImportFlags) => {
        const { definition, unreplaced } = await readFlowFile(file, flags.set ?? []);
        if (flags.activate && (definition as Partial<FlowDefinition> | null)?.kind === 'helper') {
          throw new CommandFailed('--activate: helper flows are not turned on, they run when another flow calls them; import it without --activate');
        }
        for (const name of unreplaced) process.stderr.write(`keyflow: warning: ${file} still contains ${name}; pass --set ${name}=…\n`);
        const client = clientFor(flags);
        let flow = await client.post<FlowView>('/flows', definition, { import: 'true' });
        if (flags.activate) {
          try {
            flow = await client.post<FlowView>(path(flow.id, '/activate'));
          } catch (err) {
            process.stderr.write(`keyflow: imported flow ${flow.id} "${flow.name}", but could not turn it on:\n`);
            throw err;
          }
        }
        if (flags.json) return printJson(flow);
        const next = flow.kind === 'main' && !flow.active ? [`Turn it on with: keyflow flows activate ${flow.id}`] : [];
        printLines([`Imported ${file}.`, ...flowDetails(flow), ...next]);
      }),
    );

  connected(flows.command('list').description('list flows: status, trigger, version and name').option('--limit <n>', 'most flows to print', integerIn(1, 100_000), 200))
    .addHelpText('after', `\nExamples:\n  $ keyflow flows list\n  $ keyflow flows list --json\n\n${ERRORS}`)
    .action(
      reporting(async (flags: OrgFlags & { limit: number }) => {
        const page = await clientFor(flags).list<FlowView>('/flows', {}, flags.limit);
        if (flags.json) return printJson(page.items);
        printLines(page.items.length === 0 ? ['No flows.'] : flowTable(page.items));
        if (page.more) process.stderr.write(`(${page.items.length} flows shown; there may be more: raise --limit)\n`);
      }),
    );

  connected(flows.command('show').description('show a flow: status, trigger, version, connections, invoke URL').argument('<id>', 'flow id (wff…)'))
    .addHelpText('after', `\nExample:\n  $ keyflow flows show wff1a2b3c4\n\n${ERRORS}`)
    .action(
      reporting(async (id: string, flags: OrgFlags) => {
        const flow = await clientFor(flags).get<FlowView>(path(id));
        if (flags.json) return printJson(flow);
        printLines(flowDetails(flow));
      }),
    );

  for (const [verb, description] of [
    ['activate', 'turn a main flow on: it runs on its events, schedule or API calls (an Okta event flow registers its event hook through its connection)'],
    ['deactivate', 'turn a flow off (an Okta event flow removes its event hook)'],
  ] as const) {
    connected(flows.command(verb).description(description).argument('<id>', 'flow id (wff…)'))
      .addHelpText('after', `\nExample:\n  $ keyflow flows ${verb} wff1a2b3c4\n\n${ERRORS}`)
      .action(
        reporting(async (id: string, flags: OrgFlags) => {
          const flow = await clientFor(flags).post<FlowView>(path(id, `/${verb}`));
          if (flags.json) return printJson(flow);
          printLines(flowDetails(flow));
        }),
      );
  }

  connected(
    flows
      .command('export')
      .description('print a flow\'s definition as JSON (the file `flows import` reads), or write it to a file')
      .argument('<id>', 'flow id (wff…)')
      .option('--out <file>', 'write the definition to this file instead of stdout'),
    { json: false },
  )
    .addHelpText('after', `\nExamples:\n  $ keyflow flows export wff1a2b3c4 > offboarding.json\n  $ keyflow flows export wff1a2b3c4 --out offboarding.json\n\n${ERRORS}`)
    .action(
      reporting(async (id: string, flags: OrgFlags & { out?: string }) => {
        const definition = await clientFor(flags).get<FlowDefinition>(path(id, '/export'));
        const text = `${JSON.stringify(definition, null, 2)}\n`;
        if (!flags.out) return void process.stdout.write(text);
        try {
          await writeFile(flags.out, text);
        } catch (err) {
          throw new CommandFailed(`cannot write ${flags.out}: ${(err as Error).message}`);
        }
        process.stderr.write(`exported flow ${id} "${definition.name}" to ${flags.out}\n`);
      }),
    );

  connected(
    flows
      .command('run')
      .description('run a main flow now with the given inputs (a manual run; a delegated flow runs as you)')
      .argument('<id>', 'flow id (wff…)')
      .option('--input <key=value>', 'an input of the run (repeatable); read as the type the trigger declares: numbers, true/false, JSON for objects and lists', namedValue(/^[A-Za-z_][A-Za-z0-9_]*$/, 'key'))
      .option('--wait', 'wait for the end and print the execution with each card'),
  )
    .addHelpText(
      'after',
      `
Without --wait, prints the queued execution's id; follow it with \`keyflow executions show <id>\`.
With --wait, prints the execution (status, duration, output or error, each card with its status,
attempts, duration, HTTP status and the org's request ids) and exits 1 if it FAILED or was CANCELLED.

Examples:
  $ keyflow flows run wff1a2b3c4 --input name=Ada --wait
  $ keyflow flows run wff1a2b3c4 --input userId=00u1a2b3c4 --input notify=true

${ERRORS}`,
    )
    .action(
      reporting(async (id: string, flags: RunFlags) => {
        const client = clientFor(flags);
        const flow = await client.get<FlowView>(path(id));
        const inputs = runInputs(flags.input ?? [], declaredInputs(flow.definition.trigger));
        const execution = await client.post<ExecutionView>(path(id, '/run'), { inputs }, flags.wait ? { wait: 'true' } : {});
        if (flags.json) printJson(execution);
        else if (flags.wait) printLines(executionDetails(execution));
        else printLines([`Queued execution ${execution.id} of flow ${flow.id} "${flow.name}" (${execution.status}).`, `Follow it with: keyflow executions show ${execution.id}`]);
        if (flags.wait && UNSUCCESSFUL.includes(execution.status)) process.exit(1);
      }),
    );

  return flows;
}
