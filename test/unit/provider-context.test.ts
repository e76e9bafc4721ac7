import { AsyncLocalStorage } from 'node:async_hooks';
import Provider from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { insideProvider, providerContextIsTracked } from '../../src/oauth/provider-context.js';
import providerStorage from 'oidc-provider/lib/helpers/als.js';

describe('oidc-provider request context', () => {
  it('is the storage Provider.ctx reads, so it can be disabled between requests', () => {
    expect(providerStorage).toBeInstanceOf(AsyncLocalStorage);
    expect(providerContextIsTracked()).toBe(true);
  });

  it('stays readable through a request, including concurrent ones, and is disabled once none is in flight', async () => {
    const seen: unknown[] = [];
    const request = (ctx: object) =>
      insideProvider(() =>
        providerStorage.run(ctx, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.push(Provider.ctx === ctx);
          await Promise.resolve();
          seen.push(Provider.ctx === ctx);
        }),
      );
    const a = {};
    const slow = insideProvider(() =>
      providerStorage.run(a, async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push(Provider.ctx === a);
      }),
    );
    await request({});
    await slow;
    expect(seen).toEqual([true, true, true]);
    // Node 20's storage says whether its async hooks are on (the cost this avoids).
    if ('enabled' in providerStorage) expect((providerStorage as unknown as { enabled: boolean }).enabled).toBe(false);
  });
});
