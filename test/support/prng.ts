/**
 * A seeded pseudo-random generator for generated tests (mulberry32): the same seed gives the same
 * sequence, so a failure's printed seed reproduces it. Not for secrets.
 */
export interface Prng {
  readonly seed: number;
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  /** true with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `n` characters (code points) drawn from `alphabet`. */
  chars(alphabet: string, n: number): string;
}

export function prng(seed: number): Prng {
  let state = seed >>> 0;
  const float = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(float() * n);
  return {
    seed,
    float,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => float() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    chars: (alphabet, n) => {
      const points = Array.from(alphabet);
      return Array.from({ length: n }, () => points[int(points.length)]).join('');
    },
  };
}

/**
 * The seed of a generated suite: `KEYFLOW_TEST_SEED` when set (to replay a failure), otherwise a new
 * one per run, so that every run explores new inputs. Suites print it in their failure messages.
 */
export function testSeed(): number {
  const fromEnv = process.env.KEYFLOW_TEST_SEED;
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv) >>> 0;
  return Math.floor(Math.random() * 2 ** 32);
}
