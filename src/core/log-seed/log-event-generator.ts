import { buildLogEvent, jobContext } from '../log-event-builder.js';
import type { LogEvent } from '../log-event.js';
import type { ClientInfo, RequestContext } from '../principal.js';
import { seededRandom } from '../seeded-random.js';
import { callers } from './callers.js';
import { seedPopulation, type SeedPopulation } from './population.js';
import { SCENARIOS, type ScenarioKit, type ScenarioName, type SeedTransaction } from './scenarios.js';
import { timeUuids } from './time-uuid.js';
import { timeline } from './timeline.js';

export interface LogSeedOptions {
  /** A number or a text; the same seed, `now`, `days`, `events` and `users` give the same events. */
  seed: number | string;
  /** The end of the window: every event is published before it. */
  now: Date;
  /** How many days before `now` the events spread over. */
  days: number;
  /** How many events in all. */
  events: number;
  /** Distinct people in the org; default events / 100, at least 300 and at most 5,000. */
  users?: number;
}

export interface LogEventGenerator {
  /** The org the events happen in (people, groups, apps, clients, tokens). */
  readonly population: SeedPopulation;
  /** How many events are still to come. */
  readonly remaining: number;
  /** The next `n` events (fewer at the end), oldest first. Events share frozen parts (a person's actor
   *  object, a network's place and owner): read them, serialise them, do not edit them in place. */
  take(n: number): LogEvent[];
}

export function defaultSeedUsers(events: number): number {
  return Math.min(5000, Math.max(300, Math.round(events / 100)));
}

const NO_CLIENT: ClientInfo = jobContext('').client;

/**
 * Generates the System Log of a working Okta org, for benchmarks and demos (`keyflow logs seed`): the
 * request mix of {@link SCENARIOS}, attributed and shaped by the same builder the server uses, with the
 * geolocation and network owner Okta adds, Okta-style request ids (27 base64url characters, often with
 * hyphens) and time-based uuids. Pure: the seed and `now` are inputs, so a run is reproducible.
 *
 * @example
 * const gen = logEventGenerator({ seed: 1, now: new Date(), days: 30, events: 100_000 });
 * while (gen.remaining > 0) await store.transaction((tx) => tx.logEvents.append(gen.take(5000), new Date().toISOString()));
 */
export function logEventGenerator(options: LogSeedOptions): LogEventGenerator {
  const total = Math.max(0, Math.floor(options.events));
  const rand = seededRandom(options.seed);
  const population = seedPopulation(rand, options.users ?? defaultSeedUsers(total));
  const kit: ScenarioKit = {
    rand,
    pop: population,
    callers: callers(rand, population),
    user: () => population.users[Math.floor(rand.float() ** 1.7 * population.users.length)]!,
    id: (kind) => population.ids.id(kind),
  };
  const names = Object.keys(SCENARIOS) as ScenarioName[];
  const cumulative: number[] = [];
  let weightSum = 0;
  for (const name of names) cumulative.push((weightSum += SCENARIOS[name].weight));
  const pickScenario = (): ScenarioName => {
    const r = rand.float() * weightSum;
    let i = 0;
    while (cumulative[i]! <= r) i++;
    return names[i]!;
  };

  const times = timeline(options.now, options.days, Math.max(1, total));
  const end = options.now.getTime() - 1;
  const uuid = timeUuids(rand);
  let produced = 0;
  let lastMs = 0;

  /** Builds the events of one request, all published within a few milliseconds of each other. */
  function build(tx: SeedTransaction, out: LogEvent[], room: number): void {
    const { caller } = tx;
    const origin = caller.origin;
    const client: ClientInfo = origin && caller.agent
      ? { ipAddress: origin.ip, ipVersion: origin.network.version, proxies: [], ...caller.agent }
      : NO_CLIENT;
    const ctx: RequestContext = {
      requestId: rand.base64url(27),
      requestUri: tx.requestUri,
      url: tx.requestUri === '' ? '' : `${tx.requestUri}?${tx.query}`,
      client,
      principal: caller.principal,
      transactionType: caller.transactionType,
    };
    let ms = Math.max(lastMs, times.at(produced, rand.float()));
    for (const spec of tx.events.slice(0, room)) {
      ms = Math.min(end, Math.max(ms, lastMs));
      const event = buildLogEvent(ctx, caller.actor && !spec.actor ? { ...spec, actor: caller.actor } : spec, uuid(ms), new Date(ms).toISOString());
      if (origin) {
        event.client!.geographicalContext = origin.network.geo;
        event.request.ipChain[0]!.geographicalContext = origin.network.geo;
        event.securityContext = origin.network.security;
      }
      if (caller.sessionId) event.authenticationContext.externalSessionId = caller.sessionId;
      if (spec.authentication) Object.assign(event.authenticationContext, spec.authentication);
      out.push(event);
      produced++;
      lastMs = ms;
      ms += 1 + rand.int(40);
    }
  }

  return {
    population,
    get remaining() {
      return total - produced;
    },
    take(n) {
      const out: LogEvent[] = [];
      const want = Math.min(n, total - produced);
      while (out.length < want) {
        for (const tx of SCENARIOS[pickScenario()].run(kit)) {
          const room = want - out.length;
          if (room <= 0) break;
          build(tx, out, room);
        }
      }
      return out;
    },
  };
}
