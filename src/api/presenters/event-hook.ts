import { isDeliverable, type EventHookRecord } from '../../core/event-hooks.js';

const POST_ONLY = { hints: { allow: ['POST'] } };

/**
 * An event hook as Okta's `EventHook` (okta-spec RetrieveAnEventHook). The auth header's value is never
 * shown (okta-spec: "This property is not returned in the response").
 *
 * `_keyflow.delivery` is a Keyflow extension (docs/event-hooks.md): how delivery to the hook is going.
 * Okta's SDKs ignore properties they do not know, and PUT accepts it back unchanged.
 * `logEventsBehind` counts the System Log events after the hook's cursor (an upper bound on what is
 * still to be delivered: most may not match the hook); only for hooks that receive events.
 */
export function presentEventHook(hook: EventHookRecord, origin: string, logHighWater: number) {
  const self = `${origin}/api/v1/eventHooks/${hook.id}`;
  const lifecycle = hook.status === 'ACTIVE' ? 'deactivate' : 'activate';
  const { delivery } = hook;
  return {
    id: hook.id,
    status: hook.status,
    verificationStatus: hook.verificationStatus,
    name: hook.name,
    description: hook.description,
    created: hook.created,
    createdBy: hook.createdBy,
    lastUpdated: hook.lastUpdated,
    events: {
      type: 'EVENT_TYPE',
      items: hook.eventTypes,
      filter:
        hook.filters.length === 0
          ? null
          : { type: 'EXPRESSION_LANGUAGE', eventFilterMap: hook.filters.map((f) => ({ event: f.eventType, condition: { version: null, expression: f.expression } })) },
    },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri: hook.uri,
        headers: hook.headers.map(({ key, value }) => ({ key, value })),
        method: 'POST',
        ...(hook.auth ? { authScheme: { type: 'HEADER', key: hook.auth.key } } : {}),
      },
    },
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      verify: { href: `${self}/lifecycle/verify`, ...POST_ONLY },
      [lifecycle]: { href: `${self}/lifecycle/${lifecycle}`, ...POST_ONLY },
    },
    _keyflow: {
      delivery: {
        status: delivery.status,
        lastDeliveredAt: delivery.lastDeliveredAt,
        lastError: delivery.lastError,
        consecutiveFailures: delivery.consecutiveFailures,
        nextAttemptAt: delivery.nextAttemptAt,
        ...(isDeliverable(hook) ? { logEventsBehind: Math.max(0, logHighWater - delivery.deliveredSeq) } : {}),
      },
    },
  };
}
