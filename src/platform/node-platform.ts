import { hash as digestOf, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock } from '../core/clock.js';
import { idFactory, type IdFactory, type RandomBytes } from '../core/ids.js';
import type { PasswordHasher, SecretDigest } from '../core/ports/secrets.js';

/**
 * argon2id with OWASP's first recommended parameters (Password Storage Cheat Sheet): 19 MiB of memory,
 * 2 iterations, 1 lane. The parameters travel inside each PHC string, so raising them later still
 * verifies old hashes.
 */
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import).
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_PARAMS),
  verify: async (phc, password) => {
    try {
      return await verify(phc, password);
    } catch {
      return false;
    }
  },
};

// One-shot: half the cost of createHash().update().digest() for a token-sized input.
export const sha256Digest: SecretDigest = (secret) => digestOf('sha256', secret, 'hex');

export const systemClock: Clock = { now: () => new Date() };

/**
 * Random bytes from a pool refilled 4 KiB at a time: every request draws a request id (and errors an
 * error id), and one `randomBytes` system call per id cost more than the rest of id generation. The
 * bytes are the same CSPRNG output; each is handed out once.
 */
export function pooledRandom(poolSize = 4096): RandomBytes {
  let pool = randomBytes(poolSize);
  let offset = 0;
  return (size) => {
    if (size > poolSize) return randomBytes(size);
    if (offset + size > poolSize) {
      pool = randomBytes(poolSize);
      offset = 0;
    }
    const out = pool.subarray(offset, offset + size);
    offset += size;
    return out;
  };
}

export const cryptoIds: IdFactory = idFactory(pooledRandom());
