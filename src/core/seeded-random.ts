import type { RandomBytes } from './ids.js';

/**
 * A small, fast, seeded pseudo-random generator (sfc32, seeded through splitmix32), for generated data
 * that must be reproducible: the same seed gives the same sequence on every machine. Not for secrets.
 */
export interface SeededRandom {
  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number;
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** true with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `n` characters of the base64url alphabet (A–Z a–z 0–9 - _), like Okta's request ids. */
  base64url(n: number): string;
  /** `n` lower-case hex characters. */
  hex(n: number): string;
  /** The {@link RandomBytes} port, so that {@link idFactory} mints Okta-shaped ids reproducibly. */
  bytes: RandomBytes;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';

/** FNV-1a, so that a text seed (`--seed demo`) works as well as a number. */
function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function seededRandom(seed: number | string): SeededRandom {
  let s = hashSeed(seed);
  const splitmix = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm-up: the first outputs of sfc32 still show the seed.
  for (let i = 0; i < 12; i++) uint32();
  const float = () => uint32() / 4294967296;
  const int = (n: number) => Math.floor(float() * n);
  /** `n` characters of a 2^width-letter alphabet, `width` bits of each 32-bit draw per character. */
  const characters = (alphabet: string, width: number) => (n: number): string => {
    const mask = (1 << width) - 1;
    let out = '';
    let bits = 0;
    let left = 0;
    for (let i = 0; i < n; i++) {
      if (left < width) {
        bits = uint32();
        left = 32;
      }
      out += alphabet[bits & mask];
      bits >>>= width;
      left -= width;
    }
    return out;
  };
  return {
    uint32,
    float,
    int,
    chance: (p) => float() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    base64url: characters(BASE64URL, 6),
    hex: characters(HEX, 4),
    bytes(size) {
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i += 4) {
        const v = uint32();
        out[i] = v & 255;
        if (i + 1 < size) out[i + 1] = (v >>> 8) & 255;
        if (i + 2 < size) out[i + 2] = (v >>> 16) & 255;
        if (i + 3 < size) out[i + 3] = v >>> 24;
      }
      return out;
    },
  };
}
