import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import { EVENT_TYPES } from '../../src/core/event-types.js';
import { HOOK_ELIGIBLE_EVENT_TYPES } from '../../src/core/hook-eligible-event-types.js';
import { oktaSpecPath } from '../support/okta-spec.js';

const spec = (name: string) => JSON.parse(readFileSync(oktaSpecPath(name), 'utf8'));

describe("Keyflow's vocabularies match Okta's published catalogues", () => {
  it('every error code Keyflow answers with has the status and summary of error-codes.json', () => {
    const catalogue = new Map<string, { statusCode: number; errorSummary: string }>(spec('error-codes.json').errors.map((e: any) => [e.errorCode, e]));
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      const official = catalogue.get(code);
      expect(official, code).toBeDefined();
      expect(entry.status, code).toBe(official!.statusCode);
      expect(entry.summary, code).toBe(official!.errorSummary);
    }
  });

  it("every event type Keyflow emits exists in event-types.json, except Keyflow's own keyflow.* types", () => {
    const known = new Set(spec('event-types.json').versions.flatMap((v: any) => v.eventTypes.map((e: any) => e.id)));
    for (const type of Object.keys(EVENT_TYPES)) {
      if (type.startsWith('keyflow.')) expect(known.has(type), `${type} is Okta's: drop the keyflow. prefix`).toBe(false);
      else expect(known.has(type), type).toBe(true);
    }
  });

  it('the event types hooks may subscribe to are exactly those tagged event-hook-eligible in event-types.json', () => {
    const tagged = spec('event-types.json').versions.flatMap((v: any) => v.eventTypes.filter((e: any) => e.tags?.includes('event-hook-eligible')).map((e: any) => e.id));
    expect([...HOOK_ELIGIBLE_EVENT_TYPES]).toEqual([...new Set<string>(tagged)].sort());
  });
});
