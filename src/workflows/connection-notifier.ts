import type { Logger } from 'pino';
import type { ConnectionRecord } from '../core/workflows/connection.js';

/**
 * Who hears that a connection stopped working (issue: "pluggable; at least a webhook URL and the server
 * log"). Okta documents no such notification (workflows.md §6.6); Keyflow says it loudly.
 */
export interface ConnectionNotifier {
  /** Never throws: a notification that cannot be delivered must not hide the failure it reports. */
  connectionFailed(connection: ConnectionRecord): Promise<void>;
}

/** The JSON a notification webhook receives (docs/workflows.md "Connection notifications"). */
export function connectionFailedPayload(connection: ConnectionRecord) {
  return {
    eventType: 'keyflow.workflows.connection.error',
    connection: {
      id: connection.id,
      nickname: connection.nickname,
      orgUrl: connection.orgUrl,
      status: connection.status,
      statusReason: connection.statusReason,
      lastError: connection.lastError,
      authorizedBy: connection.authorizedBy,
    },
  };
}

/** A warning in the server log, with the reason in words. */
export function serverLogNotifier(log: Logger): ConnectionNotifier {
  return {
    async connectionFailed(connection) {
      log.warn(connectionFailedPayload(connection), `Workflows connection "${connection.nickname}" (${connection.id}) stopped working: ${connection.statusReason}`);
    },
  };
}

/** POSTs {@link connectionFailedPayload} to a URL (KEYFLOW_WORKFLOWS_NOTIFY_URL), once, with a timeout. */
export function webhookNotifier(url: string, log: Logger, timeoutMs = 5000): ConnectionNotifier {
  return {
    async connectionFailed(connection) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Keyflow' },
          body: JSON.stringify(connectionFailedPayload(connection)),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (!response.ok) log.error({ status: response.status, url }, 'the Workflows notification webhook refused a connection failure notice');
      } catch (err) {
        log.error({ err, url }, 'the Workflows notification webhook could not be reached');
      }
    },
  };
}

/** Tells every notifier, one after the other. */
export function allNotifiers(notifiers: readonly ConnectionNotifier[]): ConnectionNotifier {
  return {
    async connectionFailed(connection) {
      for (const n of notifiers) await n.connectionFailed(connection);
    },
  };
}
