import { describe, expect, it } from 'vitest';
import { argon2Hasher, cryptoIds, pooledRandom } from './node-platform.js';

describe('node platform', () => {
  it('never hands out the same pooled random bytes twice, across refills', () => {
    const random = pooledRandom(64);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const chunk = Buffer.from(random(16)).toString('hex');
      expect(seen.has(chunk)).toBe(false);
      seen.add(chunk);
    }
    expect(random(100)).toHaveLength(100);
  });

  it('mints Okta-shaped ids, request ids and v4 UUIDs', () => {
    expect(cryptoIds.id('user')).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(cryptoIds.id('apiToken')).toMatch(/^00T[0-9A-Za-z]{17}$/);
    expect(cryptoIds.requestId()).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(cryptoIds.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const many = new Set(Array.from({ length: 10_000 }, () => cryptoIds.id('group')));
    expect(many.size).toBe(10_000);
  });

  it('hashes passwords with argon2id and verifies only the right one', async () => {
    const phc = await argon2Hasher.hash('Correct-Horse-9');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await argon2Hasher.verify(phc, 'Correct-Horse-9')).toBe(true);
    expect(await argon2Hasher.verify(phc, 'correct-horse-9')).toBe(false);
    expect(await argon2Hasher.verify('not a hash', 'x')).toBe(false);
  });
});
