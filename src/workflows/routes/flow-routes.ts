import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setLinks } from '../../api/links.js';
import { checkProperties, isObject, objectBody } from '../../api/parse/body-shape.js';
import { boolParam, limitParam, queryOf } from '../../api/parse/query.js';
import { originOf } from '../../api/request-context.js';
import { resource } from '../../api/route-table.js';
import { ApiError, validationFailed } from '../../core/errors.js';
import { HOOK_ELIGIBLE_EVENT_TYPES } from '../../core/hook-eligible-event-types.js';
import { parseLogFilter } from '../../core/log-filter.js';
import { CARDS } from '../../core/workflows/card-registry.js';
import { EXECUTION_STATUSES, type ExecutionStatus } from '../../core/workflows/execution.js';
import type { FlowRecord } from '../../core/workflows/flow.js';
import { hasRedactions } from '../../core/workflows/history.js';
import type { FieldDef } from '../../core/workflows/flow-definition.js';
import { InvalidFlowDefinition, validateFlowDefinition, type ValidationContext } from '../../core/workflows/flow-validation.js';
import type { WorkflowExecutionsService } from '../../services/workflow-executions.js';
import type { WorkflowFlowsService } from '../../services/workflow-flows.js';
import type { WorkflowEngine } from '../engine.js';
import { EventTriggers, HOOK_PATH_PREFIX } from '../event-triggers.js';
import { InvocationLimiter } from '../invocation-limiter.js';
import type { Scheduler } from '../scheduler.js';
import { presentCard, presentExecution, presentFlow, presentRun, presentVersion } from './flow-presenters.js';

const READ = { requires: 'workflows.read', scope: 'keyflow.workflows.read' } as const;
const MANAGE = { requires: 'workflows.manage', scope: 'keyflow.workflows.manage' } as const;

const flowIdOf = (request: FastifyRequest) => (request.params as { flowId: string }).flowId;

export const FLOW_VALIDATION: ValidationContext = {
  cards: CARDS,
  eventTypes: new Set(HOOK_ELIGIBLE_EVENT_TYPES),
  checkFilter: (expression) => {
    try {
      parseLogFilter(expression);
      return undefined;
    } catch (err) {
      return err instanceof ApiError ? err.causes[0] ?? err.summary : 'is not a valid filter expression';
    }
  },
};

/** A definition from a request body, or 400 E0000001 with one cause per problem, each with its JSON path. */
export function parseDefinition(body: unknown) {
  try {
    return validateFlowDefinition(objectBody(body), FLOW_VALIDATION);
  } catch (err) {
    if (err instanceof InvalidFlowDefinition) {
      throw new ApiError('E0000001', { detail: 'flow definition', causes: err.problems.slice(0, 50).map((p) => `${p.path}: ${p.message}`) });
    }
    throw err;
  }
}

/** Run inputs checked against the trigger's declared fields (delegated flows take only those). */
function parseRunInputs(body: unknown, flow: FlowRecord): Record<string, unknown> {
  const obj = objectBody(body, true);
  checkProperties(obj, '', ['inputs']);
  const inputs = obj.inputs ?? {};
  if (!isObject(inputs)) throw validationFailed('inputs', 'inputs: Must be an object');
  const trigger = flow.definition.trigger;
  const declared: FieldDef[] = trigger.type === 'delegated' || trigger.type === 'api_endpoint' || trigger.type === 'helper' ? trigger.inputs : [];
  if (trigger.type === 'delegated') {
    for (const key of Object.keys(inputs)) if (!declared.some((f) => f.key === key)) throw validationFailed('inputs', `inputs.${key}: The flow declares no such input`);
  }
  for (const field of declared) {
    const value = inputs[field.key];
    if (value === undefined || value === null) continue;
    const ok =
      field.type === 'text' || field.type === 'datetime' ? typeof value === 'string' : field.type === 'number' ? typeof value === 'number' : field.type === 'boolean' ? typeof value === 'boolean' : field.type === 'list' ? Array.isArray(value) : field.type === 'object' ? isObject(value) : true;
    if (!ok) throw validationFailed('inputs', `inputs.${field.key}: Must be of type ${field.type}`);
  }
  return inputs;
}

/**
 * Flows and executions of the Workflows API (`/workflows/api/v1`, docs/workflows.md), and the public invoke
 * URL of API endpoint flows.
 */
export function flowRoutes(app: FastifyInstance, deps: { flows: WorkflowFlowsService; executions: WorkflowExecutionsService; engine: WorkflowEngine; triggers: EventTriggers; scheduler: Scheduler }): void {
  const { flows, executions, engine, triggers, scheduler } = deps;
  const presentF = async (request: FastifyRequest, flow: FlowRecord) => presentFlow(flow, originOf(request), (await flows.scopeWarnings([flow])).get(flow.id) ?? []);
  const limiter = new InvocationLimiter(10, 1000);

  resource(app, '/workflows/api/v1/flows', {
    GET: {
      ...READ,
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const limit = limitParam(query, 20, 200);
        const page = await flows.list({ limit, ...(query.connectionId ? { connectionId: query.connectionId } : {}), ...(query.after ? { after: query.after } : {}) });
        const base = { connectionId: query.connectionId, limit: String(limit) };
        setLinks(request, reply, { ...base, after: query.after }, page.next ? { ...base, after: page.next } : undefined);
        const warnings = await flows.scopeWarnings(page.items);
        return page.items.map((f) => presentFlow(f, originOf(request), warnings.get(f.id) ?? []));
      },
    },
    POST: {
      ...MANAGE,
      handler: async (request, reply) => {
        const imported = boolParam(queryOf(request.query), 'import', false);
        return reply.code(201).send(await presentF(request, await flows.create(request.ctx, parseDefinition(request.body), { imported })));
      },
    },
  });

  // A Keyflow extension for editors (the console's JSON editor): the 400 a save would answer, or 200 with
  // the warnings the saved flow would carry; nothing is saved or logged. `?flowId=` checks it as the next
  // version of that flow (a save may not turn a main flow into a helper, and the flow may keep its alias).
  resource(app, '/workflows/api/v1/flows/validate', {
    POST: {
      ...READ,
      handler: async (request) => {
        const definition = parseDefinition(request.body);
        const flowId = queryOf(request.query).flowId;
        return { valid: true, _keyflow: { warnings: await flows.validate(definition, flowId || undefined) } };
      },
    },
  });

  // The card catalogue: every card type with its inputs, outputs, connection and required scopes.
  resource(app, '/workflows/api/v1/cards', {
    GET: { ...READ, handler: async () => [...CARDS.values()].map(presentCard) },
  });

  resource(app, '/workflows/api/v1/flows/:flowId', {
    GET: { ...READ, handler: async (request) => presentF(request, await flows.get(flowIdOf(request))) },
    // Through the triggers: an active Okta event flow may need its event hook switched (workflows.md §4.1).
    PUT: { ...MANAGE, handler: async (request) => presentF(request, await triggers.save(request.ctx, flowIdOf(request), parseDefinition(request.body))) },
    DELETE: {
      ...MANAGE,
      handler: async (request, reply) => {
        await flows.delete(request.ctx, flowIdOf(request));
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/workflows/api/v1/flows/:flowId/activate', {
    POST: {
      ...MANAGE,
      handler: async (request) => {
        const flow = await flows.get(flowIdOf(request));
        if (flow.active) return presentF(request, flow);
        // Checked before the event hook is registered, so a refused activation leaves nothing at the org.
        await flows.checkActivation(flow);
        // An Okta event flow first registers its event hook through its connection (workflows.md §4.1).
        await triggers.register(flow);
        try {
          if (flow.triggerType === 'schedule') await scheduler.activated(flow.id);
          return presentF(request, await flows.setActive(request.ctx, flow.id, true));
        } catch (err) {
          await triggers.unregister(flow).catch(() => undefined);
          throw err;
        }
      },
    },
  });
  resource(app, '/workflows/api/v1/flows/:flowId/deactivate', {
    POST: {
      ...MANAGE,
      handler: async (request) => {
        const flow = await flows.setActive(request.ctx, flowIdOf(request), false);
        await triggers.unregister(flow);
        return presentF(request, flow);
      },
    },
  });

  // Deliveries of the event hooks Okta event flows registered at their org.
  app.get(`${HOOK_PATH_PREFIX}:flowId`, async (request, reply) => {
    const answer = await triggers.verify(flowIdOf(request), request.headers['x-okta-verification-challenge'] as string | undefined);
    if (!answer) throw new ApiError('E0000008');
    return reply.send(answer);
  });
  app.post(`${HOOK_PATH_PREFIX}:flowId`, async (request, reply) => {
    const queued = await triggers.deliver(flowIdOf(request), request.headers.authorization, request.body, request.headers);
    if (queued === undefined) throw new ApiError('E0000011');
    // A hook this flow left at the org (docs/workflows.md): like any 4xx, the org drops the batch and does
    // not retry (okta-api.md §12); 410 and the summary tell whoever reads its delivery failures why.
    if (queued === 'gone') throw new ApiError('E0000007', { status: 410, summary: 'This event hook no longer triggers a Workflows flow; delete it' });
    return reply.code(200).send({ queued });
  });

  resource(app, '/workflows/api/v1/flows/:flowId/versions', {
    GET: { ...READ, handler: async (request) => (await flows.versions(flowIdOf(request))).map(presentVersion) },
  });
  resource(app, '/workflows/api/v1/flows/:flowId/export', {
    GET: { ...READ, handler: async (request) => flows.export(request.ctx, flowIdOf(request)) },
  });
  resource(app, '/workflows/api/v1/flows/:flowId/clientToken', {
    GET: {
      ...MANAGE,
      handler: async (request) => {
        const flow = await flows.get(flowIdOf(request));
        const token = flows.clientTokenOf(flow);
        if (token === null) throw validationFailed('security', 'security: This flow is not secured with a client token');
        return { clientToken: token };
      },
    },
  });

  resource(app, '/workflows/api/v1/flows/:flowId/run', {
    POST: {
      ...MANAGE,
      handler: async (request, reply) => {
        const flow = await flows.get(flowIdOf(request));
        if (flow.kind === 'helper') throw validationFailed('kind', 'kind: Helper flows run when another flow calls them');
        const inputs = parseRunInputs(request.body, flow);
        const userId = request.ctx.principal?.user?.id;
        const type = flow.triggerType === 'delegated' ? 'delegated' : 'manual';
        const input = flow.triggerType === 'delegated' ? { ...inputs, oktaUserId: userId ?? null, caller: { id: userId ?? null } } : inputs;
        const wait = boolParam(queryOf(request.query), 'wait', false);
        const { execution } = await engine.submit(flow, { type, ...(userId ? { userId } : {}) }, input, { wait, ctx: request.ctx });
        return reply.code(wait ? 200 : 202).send(presentRun(execution, originOf(request)));
      },
    },
  });

  resource(app, '/workflows/api/v1/flows/:flowId/executions', {
    DELETE: {
      ...MANAGE,
      handler: async (request) => {
        const flow = await flows.get(flowIdOf(request));
        return { cleared: await executions.clear(flow.id) };
      },
    },
    GET: {
      ...READ,
      handler: async (request, reply) => {
        const flowId = flowIdOf(request);
        await flows.get(flowId);
        const query = queryOf(request.query);
        const limit = limitParam(query, 20, 200);
        const page = await executions.list({ flowId, limit, ...(query.after ? { after: query.after } : {}) });
        setLinks(request, reply, { limit: String(limit), after: query.after }, page.next ? { limit: String(limit), after: page.next } : undefined);
        return page.items.map((e) => presentExecution(e, originOf(request)));
      },
    },
  });

  // Every flow's history, newest first (a Keyflow extension for the console): `flowId` and `status` narrow
  // it. Like Okta's list filters, a flow id that names nothing is an empty list; an unknown status is a 400.
  resource(app, '/workflows/api/v1/executions', {
    GET: {
      ...READ,
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const limit = limitParam(query, 20, 200);
        const status = query.status || undefined;
        if (status !== undefined && !(EXECUTION_STATUSES as readonly string[]).includes(status)) {
          throw validationFailed('status', `status: Must be one of ${EXECUTION_STATUSES.join(', ')}`);
        }
        const flowId = query.flowId || undefined;
        const page = await executions.list({ limit, ...(flowId ? { flowId } : {}), ...(status ? { status: status as ExecutionStatus } : {}), ...(query.after ? { after: query.after } : {}) });
        const base = { flowId, status, limit: String(limit) };
        setLinks(request, reply, { ...base, after: query.after }, page.next ? { ...base, after: page.next } : undefined);
        return page.items.map((e) => presentExecution(e, originOf(request)));
      },
    },
  });

  resource(app, '/workflows/api/v1/executions/:executionId', {
    GET: { ...READ, handler: async (request) => presentExecution(await executions.get((request.params as { executionId: string }).executionId), originOf(request)) },
  });
  resource(app, '/workflows/api/v1/executions/:executionId/retry', {
    POST: {
      ...MANAGE,
      handler: async (request, reply) => {
        // A new execution of the flow's current version with the same trigger and inputs (Okta's "retry").
        const previous = await executions.get((request.params as { executionId: string }).executionId);
        const flow = await flows.get(previous.flowId);
        // History keeps no secret and, without "save all data", no input at all: such a run cannot be
        // repeated from history, and running it with placeholders would act on wrong values.
        if (previous.input === null) throw validationFailed('input', "input: The flow does not save execution data, so this execution's input was not kept; run the flow again with its inputs");
        if (hasRedactions(previous.input)) throw validationFailed('input', "input: History does not keep this execution's secret input values; run the flow again with its inputs");
        const wait = boolParam(queryOf(request.query), 'wait', false);
        const { execution } = await engine.submit(flow, { ...previous.trigger, retryOf: previous.id }, previous.input, { wait });
        return reply.code(wait ? 200 : 202).send(presentRun(execution, originOf(request)));
      },
    },
  });
  resource(app, '/workflows/api/v1/executions/:executionId/cancel', {
    POST: {
      ...MANAGE,
      handler: async (request) => {
        const execution = await executions.get((request.params as { executionId: string }).executionId);
        const flow = await flows.get(execution.flowId);
        return presentExecution(await executions.cancel(request.ctx, execution.id, flow), originOf(request));
      },
    },
  });

  // API endpoint flows (workflows.md §4.3): public, or with the flow's client token; 10 calls/s per flow.
  const invoke = async (request: FastifyRequest, reply: FastifyReply) => {
    const alias = (request.params as { alias: string }).alias;
    const flow = await flows.findByAlias(alias);
    if (!flow || !flow.active || flow.definition.trigger.type !== 'api_endpoint') throw new ApiError('E0000008');
    if (flow.definition.trigger.security === 'client_token') {
      const query = queryOf(request.query);
      const given = (request.headers['x-api-client-token'] as string | undefined) ?? query.clientToken;
      if (!given || !sameSecret(given, flows.clientTokenOf(flow) ?? '')) throw new ApiError('E0000011');
    }
    if (!limiter.take(flow.id, Date.now())) {
      reply.header('Retry-After', '1');
      throw new ApiError('E0000047');
    }
    const query = { ...(request.query as Record<string, unknown>) };
    delete query.clientToken;
    const body = request.body ?? null;
    const declared = isObject(body) ? Object.fromEntries(flow.definition.trigger.inputs.map((f) => [f.key, body[f.key] ?? query[f.key] ?? null])) : Object.fromEntries(flow.definition.trigger.inputs.map((f) => [f.key, query[f.key] ?? null]));
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k !== 'authorization' && k !== 'x-api-client-token' && k !== 'cookie'));
    const { execution, run } = await engine.submit(flow, { type: 'api_endpoint' }, { ...declared, query, headers, body }, { wait: true });
    reply.header('x-keyflow-execution-id', execution.id);
    if (run?.raw) {
      for (const [k, v] of Object.entries(run.raw.headers)) reply.header(k, v);
      return reply.code(run.raw.statusCode).send(run.raw.body);
    }
    // A card whose error handling is "return values" failed: the caller gets those values as a Return's,
    // 200 (workflows.md §3.2, §7.2); the execution itself is FAILED, with the error, in history.
    if (run?.status === 'FAILED' && run.returnedValues) return reply.code(200).send(run.output ?? {});
    if (!run || run.status === 'FAILED' || run.status === 'CANCELLED') {
      return reply.code(500).send({ errorCode: 'E0000009', errorSummary: run?.error?.message ?? 'The flow did not run', executionId: execution.id });
    }
    return reply.code(200).send(run.output ?? {});
  };
  app.route({ method: ['GET', 'POST'], url: '/workflows/api/v1/invoke/:alias', handler: invoke });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
