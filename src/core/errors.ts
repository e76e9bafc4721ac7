/**
 * Okta's error catalogue, the subset Keyflow answers with (okta-api.md §10; the full catalogue is
 * shared/okta-spec/error-codes.json and a contract test checks every row here against it).
 * Services throw {@link ApiError}; api/ renders it in Okta's envelope in exactly one place.
 */
export const ERROR_CODES = {
  E0000001: { status: 400, summary: 'Api validation failed: {0}' },
  E0000003: { status: 400, summary: 'The request body was not well-formed.' },
  E0000005: { status: 403, summary: 'Invalid session' },
  E0000006: { status: 403, summary: 'You do not have permission to perform the requested action' },
  E0000007: { status: 404, summary: 'Not found: {0}' },
  E0000008: { status: 404, summary: 'The requested path was not found' },
  E0000009: { status: 500, summary: 'Internal Server Error' },
  E0000011: { status: 401, summary: 'Invalid token provided' },
  E0000016: { status: 403, summary: 'Activation failed because the user is already active' },
  E0000019: { status: 400, summary: 'Bad request.  Accept and/or Content-Type headers likely do not match supported values.' },
  E0000022: { status: 405, summary: 'The endpoint does not support the provided HTTP method' },
  E0000029: { status: 400, summary: 'Invalid paging request.' },
  E0000031: { status: 400, summary: 'Invalid search criteria.' },
  E0000032: { status: 403, summary: 'Unlock is not allowed for this user.' },
  E0000033: { status: 400, summary: "Bad request. Can't specify a search query and filter in the same request." },
  E0000038: { status: 403, summary: "This operation is not allowed in the user's current status." },
  E0000041: { status: 400, summary: 'Credentials should not be set on this resource based on the scheme.' },
  E0000047: { status: 429, summary: 'API call exceeded rate limit due to too many requests.' },
  E0000053: { status: 400, summary: 'Invalid SCIM filter.' },
  E0000056: { status: 403, summary: 'Delete application forbidden.' },
  E0000062: { status: 409, summary: 'The specified user is already assigned to the application.' },
  E0000090: { status: 409, summary: 'The role specified is already assigned to the user.' },
  E0000117: { status: 403, summary: 'Cannot assign apps or update app profiles for an inactive user.' },
  E0000124: { status: 400, summary: 'Could not create user. To create a user and expire their password immediately, a password must be specified' },
  E0000125: { status: 400, summary: 'Could not create user. To create a user and expire their password immediately, "activate" must be true' },
  E0000227: { status: 400, summary: 'Roles can only be granted to service application type' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * A refusal with a stable Okta error code. `detail` fills the `{0}` of the catalogue summary;
 * `summary` replaces the whole summary where Okta prints a specific text (e.g. System Log filter errors).
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly summary: string;
  readonly causes: readonly string[];
  /** Extra response headers the error needs (e.g. WWW-Authenticate, rate-limit headers). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    opts: {
      detail?: string;
      summary?: string;
      causes?: readonly string[];
      headers?: Record<string, string>;
      /** Only where HTTP itself needs another status than the catalogue's (411, 413, 415). */
      status?: number;
    } = {},
  ) {
    const entry = ERROR_CODES[code];
    const summary = opts.summary ?? entry.summary.replace('{0}', opts.detail ?? '');
    // A refusal is an answer, not a fault: its stack is never shown or logged, and capturing one costs
    // more than the rest of a refused request.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(summary);
    Error.stackTraceLimit = limit;
    this.name = 'ApiError';
    this.code = code;
    this.status = opts.status ?? entry.status;
    this.summary = summary;
    this.causes = opts.causes ?? [];
    this.headers = opts.headers ?? {};
  }
}

/** The exact 404 Okta answers for a missing resource: `Not found: Resource not found: 00u… (User)`. */
export function notFound(id: string, kind: string): ApiError {
  return new ApiError('E0000007', { detail: `Resource not found: ${id} (${kind})` });
}

/** `Api validation failed: {what}` with one cause per problem (Okta's shape for field errors). */
export function validationFailed(what: string, ...causes: string[]): ApiError {
  return new ApiError('E0000001', { detail: what, causes });
}
