import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError } from '../core/errors.js';
import { InvalidCursor } from '../core/ports/store.js';
import type { IdFactory } from '../core/ids.js';

/** Okta's error envelope (okta-api.md §1.3). `errorId` is per response, `oae` + 22 characters. */
export function envelope(err: ApiError, ids: IdFactory) {
  return {
    errorCode: err.code,
    errorSummary: err.summary,
    errorLink: err.code,
    errorId: `oae${ids.secret(22)}`,
    errorCauses: err.causes.map((errorSummary) => ({ errorSummary })),
  };
}

/**
 * The one place that decides what an error may reveal (style.md habit 4): domain errors keep their
 * code; Fastify's own refusals are mapped to Okta's; anything else is a 500 E0000009 with details only
 * in the server log.
 */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof InvalidCursor) {
    return new ApiError('E0000001', { detail: 'after', causes: ['after: The cursor is not valid; follow the next link of a previous page'] });
  }
  const fe = err as Partial<FastifyError> & { status?: number };
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('E0000019', { status: 415 });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('E0000003', { status: 413, causes: ['The request body is larger than the limit this server accepts'] });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('E0000003');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('E0000003');
  }
  if (err instanceof SyntaxError || (fe.statusCode === 400 && /JSON|body/i.test(fe.message ?? ''))) return new ApiError('E0000003');
  if (fe.validation) return new ApiError('E0000001', { detail: fe.validationContext ?? 'request', causes: [fe.message ?? 'invalid request'] });
  return null;
}

export function sendError(reply: FastifyReply, err: ApiError, ids: IdFactory): FastifyReply {
  for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
  return reply.code(err.status).type('application/json').send(envelope(err, ids));
}

export function errorHandler(ids: IdFactory, log: Logger) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = toApiError(err);
    if (known) return sendError(reply, known, ids);
    log.error({ err, requestId: request.id, method: request.method, url: request.url }, 'unhandled error');
    return sendError(reply, new ApiError('E0000009'), ids);
  };
}
