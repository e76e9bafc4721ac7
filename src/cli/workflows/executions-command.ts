import { Command } from 'commander';
import { integerIn } from '../logs/time-bound.js';
import type { ExecutionView } from './api-shapes.js';
import { clientFor, connected, printJson, printLines, reporting, type OrgFlags } from './command-options.js';
import { executionDetails, executionTable } from './execution-view.js';

const ERRORS = "Errors of the API print Okta's errorCode, errorSummary and each errorCause, with exit code 1.";

const path = (id: string, action = '') => `/executions/${encodeURIComponent(id)}${action}`;

/** `keyflow executions …`: flow execution history (`/workflows/api/v1/executions`) over HTTP. */
export function executionsCommand(): Command {
  const executions = new Command('executions').description('Workflows executions: the history of flow runs, card by card');

  connected(executions.command('show').description('show an execution: status, duration, output or error, and each card that ran').argument('<id>', 'execution id (wfe…)'))
    .addHelpText(
      'after',
      `
Each card shows its status, attempts, duration, the HTTP status of its call and the org's request ids:
each is the transaction.id of the System Log events that call wrote, e.g.
  $ keyflow logs search 'transaction.id eq "<request id>"'

Example:
  $ keyflow executions show wfe1a2b3c4

${ERRORS}`,
    )
    .action(
      reporting(async (id: string, flags: OrgFlags) => {
        const execution = await clientFor(flags).get<ExecutionView>(path(id));
        if (flags.json) return printJson(execution);
        printLines(executionDetails(execution));
      }),
    );

  connected(
    executions
      .command('list')
      .description("list a flow's executions, newest first: status, trigger, duration, error")
      .argument('<flowId>', 'flow id (wff…)')
      .option('--limit <n>', 'most executions to print', integerIn(1, 100_000), 20),
  )
    .addHelpText('after', `\nExamples:\n  $ keyflow executions list wff1a2b3c4\n  $ keyflow executions list wff1a2b3c4 --limit 200 --json\n\n${ERRORS}`)
    .action(
      reporting(async (flowId: string, flags: OrgFlags & { limit: number }) => {
        const page = await clientFor(flags).list<ExecutionView>(`/flows/${encodeURIComponent(flowId)}/executions`, {}, flags.limit);
        if (flags.json) return printJson(page.items);
        printLines(page.items.length === 0 ? ['No executions.'] : executionTable(page.items));
        if (page.more) process.stderr.write(`(${page.items.length} executions shown; there may be more: raise --limit)\n`);
      }),
    );

  connected(executions.command('cancel').description('cancel a queued or running execution (the card running now finishes; no further card starts)').argument('<id>', 'execution id (wfe…)'))
    .addHelpText('after', `\nAn execution that already ended cannot be cancelled: the API says so, exit code 1.\n\nExample:\n  $ keyflow executions cancel wfe1a2b3c4\n\n${ERRORS}`)
    .action(
      reporting(async (id: string, flags: OrgFlags) => {
        const execution = await clientFor(flags).post<ExecutionView>(path(id, '/cancel'));
        if (flags.json) return printJson(execution);
        printLines(executionDetails(execution));
      }),
    );

  return executions;
}
