import { idFactory, type IdFactory } from '../ids.js';
import { userActor } from '../log-event-builder.js';
import type { LogActor } from '../log-event.js';
import type { SeededRandom } from '../seeded-random.js';
import { AGENTS, AWS_NETWORK, DESKTOP_AGENTS, GCP_NETWORK, HOME_NETWORKS, HOSTILE_NETWORKS, MOBILE_AGENTS, MOBILE_NETWORKS, OFFICE_NETWORK, type Agent, type Network } from './network.js';

/** One IP address in a network. */
export interface Origin {
  ip: string;
  network: Network;
}

export interface SeedUser {
  id: string;
  login: string;
  /** As an actor and as a target: Okta prints both the same way (okta-api.md §3.1, §3.5). */
  actor: LogActor;
  desktop: { origin: Origin; agent: Agent };
  phone: { origin: Origin; agent: Agent };
  /** debugData.deviceFingerprint of the user's browser. */
  deviceFingerprint: string;
}

export interface SeedAdmin extends SeedUser {
  /** The admin's console session (authenticationContext.externalSessionId of console actions). */
  consoleSessionId: string;
}

export interface SeedGroup {
  id: string;
  name: string;
}

export interface SeedApp {
  id: string;
  label: string;
}

/** An OAuth client of the org authorization server and where its token requests come from. */
export interface SeedClient {
  id: string;
  name: string;
  agent: Agent;
  origins: readonly Origin[];
  grantedScopes: readonly string[];
  clientAuthType: string;
}

/** An SSWS API token, its creator (the actor of every call made with it) and the program using it. */
export interface SeedToken {
  id: string;
  name: string;
  owner: SeedAdmin;
  agent: Agent;
  origins: readonly Origin[];
}

/**
 * The org that generated events happen in: people, a few admins, groups, apps, OAuth clients (the Okta
 * Workflows connection among them, authorized by one admin), API tokens and hostile addresses. Drawn
 * once from the seed, so the same seed gives the same org.
 */
export interface SeedPopulation {
  users: readonly SeedUser[];
  admins: readonly SeedAdmin[];
  groups: readonly SeedGroup[];
  apps: readonly SeedApp[];
  /** The Okta Workflows connection: an OAuth client whose calls carry User-Agent "Azuqua". */
  workflows: SeedClient & { consentedBy: SeedAdmin; grantId: string };
  /** A web app signing employees in with the authorization-code flow. */
  portal: SeedClient;
  /** Service apps using client credentials. */
  services: readonly SeedClient[];
  tokens: readonly SeedToken[];
  hostile: readonly Origin[];
  ids: IdFactory;
}

const FIRST_NAMES = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Mia', 'James', 'Isabella', 'Lucas', 'Ava', 'Mateo', 'Harper', 'Ethan', 'Aarav', 'Priya', 'Wei', 'Yuki', 'Fatima', 'Omar', 'Chloe', 'Diego', 'Hannah', 'Jonas', 'Lena', 'Kwame', 'Aisha', 'Sven', 'Maya', 'Ravi', 'Sofia', 'Luca', 'Nora', 'Hugo', 'Ines', 'Kai', 'Zoe', 'Arjun', 'Grace', 'Leo', 'Anika', 'Tomás', 'Elena', 'Samuel', 'Jana', 'Marcus', 'Ingrid', 'Tariq'];
const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Patel', 'Nguyen', 'Kim', 'Chen', 'Müller', 'Schmidt', 'Rossi', 'Dubois', 'Silva', 'Kowalski', 'Novak', 'Jensen', 'Larsen', 'Sato', 'Tanaka', 'Singh', 'Okafor', 'Mensah', "O'Brien", 'Murphy', 'Walsh', 'Cohen', 'Haddad', 'Costa', 'Fischer', 'Weber', 'Ivanova', 'Horvat', 'Lindqvist', 'Park'];
const GROUP_NAMES = ['Everyone', 'Engineering', 'Sales', 'Marketing', 'Finance', 'Human Resources', 'Legal', 'Customer Success', 'Support Tier 1', 'Support Tier 2', 'IT Operations', 'Security', 'Product', 'Design', 'Data Platform', 'Contractors', 'Interns', 'Managers', 'Executives', 'Remote Workers', 'London Office', 'Berlin Office', 'Toronto Office', 'Bengaluru Office', 'SF Office', 'GitHub Admins', 'AWS Production Access', 'AWS Read Only', 'Salesforce Users', 'Slack Guests', 'VPN Users', 'Okta Admins', 'Payroll Approvers', 'On-call', 'Beta Testers', 'Alumni'];
const APP_LABELS = ['Salesforce.com', 'Slack', 'Zoom', 'Google Workspace', 'Microsoft Office 365', 'Workday', 'GitHub Enterprise Cloud', 'Atlassian Cloud', 'Box', 'ServiceNow', 'AWS IAM Identity Center', 'DocuSign', 'Zendesk', 'Figma', 'Employee Portal'];

const WORKFLOWS_SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.logs.read', 'offline_access'];

/** An address in `network`: `a.b.x.y` for IPv4, four more random hextets for IPv6. */
function addressIn(rand: SeededRandom, network: Network): Origin {
  const ip = network.version === 'V6'
    ? `${network.prefix}:${rand.hex(4)}:${rand.hex(4)}:${rand.hex(4)}:${rand.hex(4)}:${rand.hex(4)}:${rand.hex(4)}`
    : `${network.prefix}.${rand.int(256)}.${1 + rand.int(254)}`;
  return { ip, network };
}

function addresses(rand: SeededRandom, network: Network, n: number): Origin[] {
  return Array.from({ length: n }, () => addressIn(rand, network));
}

function people(rand: SeededRandom, ids: IdFactory, count: number): SeedUser[] {
  const taken = new Map<string, number>();
  const users: SeedUser[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = rand.pick(FIRST_NAMES);
    const lastName = rand.pick(LAST_NAMES);
    const base = `${firstName}.${lastName}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    const login = `${base}${n > 1 ? n : ''}@example.com`;
    const id = ids.id('user');
    const home = HOME_NETWORKS[Math.min(HOME_NETWORKS.length - 1, Math.floor(rand.float() ** 1.6 * HOME_NETWORKS.length))]!;
    users.push({
      id,
      login,
      actor: Object.freeze(userActor({ id, profile: { login, firstName, lastName } })),
      desktop: { origin: addressIn(rand, home), agent: rand.pick(DESKTOP_AGENTS) },
      phone: { origin: addressIn(rand, rand.pick(MOBILE_NETWORKS)), agent: rand.pick(MOBILE_AGENTS) },
      deviceFingerprint: rand.hex(32),
    });
  }
  return users;
}

/** Draws the org from `rand`: `userCount` people, the first few of them admins. */
export function seedPopulation(rand: SeededRandom, userCount: number): SeedPopulation {
  const ids = idFactory(rand.bytes);
  const users = people(rand, ids, userCount);
  const admins: SeedAdmin[] = users.slice(0, Math.max(2, Math.min(6, Math.floor(userCount / 100)))).map((u) => ({
    ...u,
    desktop: { origin: addressIn(rand, OFFICE_NETWORK), agent: u.desktop.agent },
    consoleSessionId: ids.id('session'),
  }));
  const cloud = addresses(rand, AWS_NETWORK, 4);
  const client = (name: string, agent: Agent, origins: Origin[], grantedScopes: string[], clientAuthType: string): SeedClient => ({
    id: ids.id('app'),
    name,
    agent,
    origins,
    grantedScopes,
    clientAuthType,
  });
  const token = (name: string, owner: SeedAdmin, agent: Agent, origins: Origin[]): SeedToken => ({ id: ids.id('apiToken'), name, owner, agent, origins });
  return {
    users,
    admins,
    groups: GROUP_NAMES.map((name) => ({ id: ids.id('group'), name })),
    apps: APP_LABELS.map((label) => ({ id: ids.id('app'), label })),
    workflows: {
      ...client('Okta Workflows OAuth', AGENTS.azuqua, addresses(rand, AWS_NETWORK, 3), WORKFLOWS_SCOPES, 'client_secret_basic'),
      consentedBy: admins[1]!,
      grantId: rand.base64url(43),
    },
    portal: client('Employee Portal', AGENTS.oktaSdkNode, cloud, ['openid', 'profile', 'email', 'offline_access'], 'client_secret_basic'),
    services: [
      client('HR Sync Service', AGENTS.oktaSdkNode, cloud, ['okta.users.read', 'okta.users.manage', 'okta.groups.manage'], 'private_key_jwt'),
      client('Access Review Reporter', AGENTS.oktaSdkJava, cloud, ['okta.users.read', 'okta.groups.read', 'okta.logs.read'], 'private_key_jwt'),
      client('SIEM Collector', AGENTS.pythonRequests, addresses(rand, GCP_NETWORK, 2), ['okta.logs.read'], 'client_secret_post'),
    ],
    tokens: [
      token('Terraform', admins[0]!, AGENTS.terraform, addresses(rand, GCP_NETWORK, 2)),
      token('HR provisioning script', admins[1]!, AGENTS.oktaSdkNode, cloud),
      token('Helpdesk automation', admins[admins.length - 1]!, AGENTS.pythonRequests, addresses(rand, OFFICE_NETWORK, 1)),
    ],
    hostile: HOSTILE_NETWORKS.flatMap((n) => addresses(rand, n, 3)),
    ids,
  };
}
