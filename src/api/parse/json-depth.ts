/**
 * How deeply JSON text nests its arrays and objects. Keyflow refuses a body nested deeper than
 * {@link MAX_JSON_DEPTH}: the body itself parses, but storing it (JSON.stringify, which recurses) ran out
 * of stack at a few thousand levels and answered 500. Okta's Jackson refuses beyond 1,000 levels too
 * (its StreamReadConstraints default), so the limit is the same.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether `text` (JSON) nests deeper than `max`. One pass over the text, skipping strings; only text
 * long enough to nest that deep is scanned (each level takes at least two characters).
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}
