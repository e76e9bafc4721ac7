import { ApiError, notFound, validationFailed } from '../core/errors.js';
import { API_TOKEN_PATTERN } from '../core/ids.js';
import type { LogTarget } from '../core/log-event.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation } from '../core/ports/store.js';
import type { ApiTokenRecord } from '../core/records.js';
import type { UserRecord } from '../core/user.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

export function tokenTarget(token: Pick<ApiTokenRecord, 'id' | 'name'>): LogTarget {
  return { id: token.id, type: 'Token', alternateId: 'unknown', displayName: token.name, detailEntry: null };
}


/**
 * SSWS API tokens (okta-api.md §1.1). Okta creates them only in the Admin Console; Keyflow adds
 * `POST /api/v1/api-tokens` (documented extension) and `KEYFLOW_API_TOKEN` for unattended set-up.
 * An admin sees and revokes their own tokens; holders of `apiTokens.manage` (Super and Org Admins) all.
 */
export class ApiTokensService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Creates a token for `owner` (the caller unless set-up code says otherwise); returns its value once. */
  async create(
    ctx: RequestContext,
    input: { name: string; value?: string; clientName?: string },
    owner: UserRecord,
  ): Promise<{ token: ApiTokenRecord; value: string }> {
    const name = input.name.trim();
    if (name === '' || name.length > 255) throw validationFailed('name', 'name: The field cannot be left blank');
    const value = input.value ?? `00${this.deps.ids.secret(40)}`;
    if (!API_TOKEN_PATTERN.test(value)) throw validationFailed('token', 'token: must be 00 followed by 40 characters of [0-9A-Za-z_-]');
    const now = this.deps.clock.now().toISOString();
    const token: ApiTokenRecord = {
      id: this.deps.ids.id('apiToken'),
      name,
      userId: owner.id,
      tokenHash: this.deps.digest(value),
      clientName: input.clientName ?? 'Okta API',
      created: now,
      lastUpdated: now,
      lastUsed: now,
      revokedAt: null,
      revokedByEvent: null,
    };
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.apiTokens.insert(token);
        await recordEvents(this.deps, tx, ctx, [{ eventType: 'system.api_token.create', targets: [tokenTarget(token)] }]);
      });
    } catch (err) {
      if (err instanceof UniqueViolation) throw validationFailed('token', 'token: An API token with this value already exists');
      throw err;
    }
    return { token, value };
  }

  async list(ctx: RequestContext): Promise<ApiTokenRecord[]> {
    const all = this.mayManageAll(ctx);
    return this.deps.store.apiTokens.listActive(all ? undefined : ctx.principal?.user?.id);
  }

  async get(ctx: RequestContext, id: string): Promise<ApiTokenRecord> {
    const token = await this.deps.store.apiTokens.findById(id);
    if (!token || token.revokedAt !== null) throw notFound(id, 'ApiToken');
    if (!this.mayManageAll(ctx) && token.userId !== ctx.principal?.user?.id) throw notFound(id, 'ApiToken');
    return token;
  }

  async revoke(ctx: RequestContext, id: string): Promise<void> {
    const token = await this.get(ctx, id);
    await this.deps.store.transaction(async (tx) => {
      const now = this.deps.clock.now().toISOString();
      const [event] = await recordEvents(this.deps, tx, ctx, [{ eventType: 'system.api_token.revoke', targets: [tokenTarget(token)] }]);
      await tx.apiTokens.revoke(token.id, now, event!.uuid);
    });
  }

  /** `DELETE /api/v1/api-tokens/current`: the token the request came with. */
  async revokeCurrent(ctx: RequestContext): Promise<void> {
    const principal = ctx.principal;
    if (principal?.via !== 'SSWS') throw new ApiError('E0000006');
    const token = await this.deps.store.apiTokens.findById(principal.tokenId);
    if (!token) throw notFound(principal.tokenId, 'ApiToken');
    await this.deps.store.transaction(async (tx) => {
      const [event] = await recordEvents(this.deps, tx, ctx, [{ eventType: 'system.api_token.revoke', targets: [tokenTarget(token)] }]);
      await tx.apiTokens.revoke(token.id, this.deps.clock.now().toISOString(), event!.uuid);
    });
  }

  private mayManageAll(ctx: RequestContext): boolean {
    return ctx.principal?.permissions.has('apiTokens.manage') ?? false;
  }
}
