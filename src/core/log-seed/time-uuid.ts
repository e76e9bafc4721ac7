import type { SeededRandom } from '../seeded-random.js';

/** 100-ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch, in milliseconds. */
const GREGORIAN_OFFSET_MS = 12_219_292_800_000;
const TWO_32 = 4_294_967_296;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const hex32 = (v: number) => HEX[(v >>> 24) & 255]! + HEX[(v >>> 16) & 255]! + HEX[(v >>> 8) & 255]! + HEX[v & 255]!;
const hex16 = (v: number) => HEX[(v >>> 8) & 255]! + HEX[v & 255]!;

/**
 * RFC 4122 version-1 (time-based) UUIDs, the kind newer Okta events carry (okta-api.md §1.7, e.g.
 * `dc9fd3c0-598c-11ef-8478-2b7584bf8d5a`), from the event's time and a node id drawn once from the
 * seed. Within one generator they are unique: calls at the same millisecond advance the 100-ns counter.
 */
export function timeUuids(rand: SeededRandom): (ms: number) => string {
  // A random node id has the multicast bit set (RFC 4122 §4.5).
  const node = hex16((rand.uint32() & 0xffff) | 0x0100) + hex32(rand.uint32());
  let lastMs = -1;
  let tick = 0;
  return (ms) => {
    tick = ms === lastMs ? tick + 1 : 0;
    lastMs = ms;
    // 60-bit timestamp = (ms + offset) * 10,000 + tick, split into 32-bit halves without BigInt.
    const gregorian = ms + GREGORIAN_OFFSET_MS;
    const high = Math.floor(gregorian / TWO_32);
    const low = (gregorian % TWO_32) * 10_000 + (tick % 10_000);
    const timeLow = low % TWO_32;
    const timeHigh = high * 10_000 + Math.floor(low / TWO_32);
    const clockSeq = (rand.uint32() & 0x3fff) | 0x8000;
    return `${hex32(timeLow)}-${hex16(timeHigh & 0xffff)}-${hex16(((timeHigh >>> 16) & 0x0fff) | 0x1000)}-${hex16(clockSeq)}-${node}`;
  };
}
