import { seededRandom } from '../../src/core/seeded-random.js';

/**
 * The seeded generator of generated tests: core's {@link seededRandom} (the one `keyflow logs seed`
 * uses), with the few extra draws the test generators need. The same seed gives the same sequence, so
 * a failure's printed seed reproduces it. Not for secrets.
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
  const random = seededRandom(seed);
  const { float, int, chance, pick } = random;
  return {
    seed,
    float,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance,
    pick,
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
