import type { LogGeographicalContext, LogSecurityContext } from '../log-event.js';

/**
 * The callers' software and networks that generated System Log events come from (`keyflow logs seed`).
 * User-Agents carry the `os`/`browser`/`device` Keyflow's API derives from them (src/api/request-context.ts;
 * a unit test keeps the two in step), so a generated event reads exactly like one the server wrote.
 */
export interface Agent {
  rawUserAgent: string;
  os: string;
  browser: string;
  device: string;
}

const CHROME = '(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export const AGENTS = {
  chromeMac: { rawUserAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 ${CHROME}`, os: 'Mac OS X', browser: 'CHROME', device: 'Computer' },
  chromeWindows: { rawUserAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ${CHROME}`, os: 'Windows 10', browser: 'CHROME', device: 'Computer' },
  edgeWindows: { rawUserAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ${CHROME} Edg/124.0.2478.80`, os: 'Windows 10', browser: 'EDGE', device: 'Computer' },
  firefoxWindows: { rawUserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', os: 'Windows 10', browser: 'FIREFOX', device: 'Computer' },
  firefoxLinux: { rawUserAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', os: 'Linux', browser: 'FIREFOX', device: 'Computer' },
  safariMac: { rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', os: 'Mac OS X', browser: 'SAFARI', device: 'Computer' },
  safariIphone: { rawUserAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1', os: 'iOS', browser: 'MOBILE_SAFARI', device: 'Mobile' },
  chromeAndroid: { rawUserAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36', os: 'Android', browser: 'CHROME', device: 'Mobile' },
  oktaSdkNode: { rawUserAgent: 'okta-sdk-nodejs/7.1.1 node/20.11.1 linux/5.15.0-1055-aws', os: 'linux', browser: 'UNKNOWN', device: 'Unknown' },
  oktaSdkJava: { rawUserAgent: 'okta-sdk-java/8.2.5 java/17.0.10 Linux/5.15.0', os: 'Linux', browser: 'UNKNOWN', device: 'Unknown' },
  terraform: { rawUserAgent: 'okta-sdk-golang/2.20.0 golang/go1.21.5 linux/amd64 terraform/1.7.4 terraform-provider-okta/4.8.0', os: 'linux', browser: 'UNKNOWN', device: 'Unknown' },
  // What Okta Workflows sends (okta-api.md §13.2); the name of the company Okta bought it from.
  azuqua: { rawUserAgent: 'Azuqua', os: 'Unknown', browser: 'UNKNOWN', device: 'Unknown' },
  pythonRequests: { rawUserAgent: 'python-requests/2.31.0', os: 'Unknown', browser: 'UNKNOWN', device: 'Unknown' },
  curl: { rawUserAgent: 'curl/8.5.0', os: 'Unknown', browser: 'UNKNOWN', device: 'Unknown' },
} as const satisfies Record<string, Agent>;

export const DESKTOP_AGENTS: readonly Agent[] = [AGENTS.chromeMac, AGENTS.chromeMac, AGENTS.chromeWindows, AGENTS.chromeWindows, AGENTS.edgeWindows, AGENTS.firefoxWindows, AGENTS.firefoxLinux, AGENTS.safariMac];
export const MOBILE_AGENTS: readonly Agent[] = [AGENTS.safariIphone, AGENTS.safariIphone, AGENTS.chromeAndroid];

/** A network callers sit in: its place and its owner, with the first octets (or hextets) of its addresses. */
export interface Network {
  prefix: string;
  version: 'V4' | 'V6';
  geo: LogGeographicalContext;
  security: LogSecurityContext;
}

function network(prefix: string, place: [city: string, state: string, country: string, postalCode: string, lat: number, lon: number], owner: [asNumber: number, asOrg: string, isp: string, domain: string], isProxy = false): Network {
  const [city, state, country, postalCode, lat, lon] = place;
  const [asNumber, asOrg, isp, domain] = owner;
  return Object.freeze({
    prefix,
    version: prefix.includes(':') ? 'V6' : 'V4',
    geo: Object.freeze({ city, state, country, postalCode, geolocation: Object.freeze({ lat, lon }) }),
    security: Object.freeze({ asNumber, asOrg, isp, domain, isProxy }),
  });
}

const COMCAST: [number, string, string, string] = [7922, 'comcast cable communications, llc', 'comcast cable communications llc', 'comcast.net'];
const AWS: [number, string, string, string] = [14618, 'amazon.com, inc.', 'amazon.com', 'amazonaws.com'];

/** Where people work from: home and office broadband in a few cities. */
export const HOME_NETWORKS: readonly Network[] = [
  network('73.162', ['San Francisco', 'California', 'United States', '94107', 37.7697, -122.3933], COMCAST),
  network('24.16', ['Seattle', 'Washington', 'United States', '98101', 47.6101, -122.3344], COMCAST),
  network('98.226', ['Chicago', 'Illinois', 'United States', '60601', 41.8858, -87.6181], COMCAST),
  network('108.46', ['New York', 'New York', 'United States', '10001', 40.7484, -73.9967], [701, 'verizon business', 'verizon', 'verizon.net']),
  network('99.61', ['Austin', 'Texas', 'United States', '78701', 30.2711, -97.7437], [7018, 'at&t services, inc.', 'at&t corp.', 'att.net']),
  network('75.166', ['Denver', 'Colorado', 'United States', '80202', 39.7525, -104.9995], [209, 'centurylink communications, llc', 'centurylink', 'centurylink.net']),
  network('86.160', ['London', 'England', 'United Kingdom', 'EC2V', 51.5164, -0.093], [2856, 'british telecommunications plc', 'bt', 'bt.com']),
  network('91.64', ['Berlin', 'Land Berlin', 'Germany', '10115', 52.5323, 13.3846], [3320, 'deutsche telekom ag', 'deutsche telekom ag', 't-ipconnect.de']),
  network('99.230', ['Toronto', 'Ontario', 'Canada', 'M5H', 43.6509, -79.3839], [812, 'rogers communications canada inc.', 'rogers', 'rogers.com']),
  network('122.171', ['Bengaluru', 'Karnataka', 'India', '560001', 12.9719, 77.5937], [24560, 'bharti airtel ltd., telemedia services', 'bharti airtel', 'airtel.in']),
];

/** Phones on carrier networks, IPv6 as most carriers hand out now. */
export const MOBILE_NETWORKS: readonly Network[] = [
  network('2600:1010', ['New York', 'New York', 'United States', '10001', 40.7484, -73.9967], [6167, 'cellco partnership dba verizon wireless', 'verizon wireless', 'myvzw.com']),
  network('2607:fb90', ['San Francisco', 'California', 'United States', '94107', 37.7697, -122.3933], [21928, 't-mobile usa, inc.', 't-mobile usa', 'tmodns.net']),
];

/** The company office, where admins use the console. */
export const OFFICE_NETWORK = network('64.125', ['San Francisco', 'California', 'United States', '94105', 37.7898, -122.3942], [6461, 'zayo bandwidth', 'zayo bandwidth', 'zayo.com']);

/** Cloud egress: Okta Workflows and the org's own scripts and apps run in AWS us-east-1; Terraform in GCP. */
export const AWS_NETWORK = network('3.210', ['Ashburn', 'Virginia', 'United States', '20149', 39.0437, -77.4875], AWS);
export const GCP_NETWORK = network('34.72', ['Council Bluffs', 'Iowa', 'United States', '51501', 41.2619, -95.8608], [396982, 'google llc', 'google llc', 'googleusercontent.com']);

/** Anonymising hosting and Tor exits that password sprays come from. */
export const HOSTILE_NETWORKS: readonly Network[] = [
  network('185.220', ['Frankfurt am Main', 'Hesse', 'Germany', '60313', 50.1155, 8.6842], [60729, 'zwiebelfreunde e.v.', 'tor exit', 'torproject.org'], true),
  network('188.166', ['Amsterdam', 'North Holland', 'Netherlands', '1098', 52.3759, 4.8975], [14061, 'digitalocean, llc', 'digitalocean', 'digitalocean.com'], true),
  network('51.38', ['Roubaix', 'Hauts-de-France', 'France', '59100', 50.6942, 3.1746], [16276, 'ovh sas', 'ovh sas', 'ovh.net'], true),
];
