/** What the server tells the console about its OAuth client (`GET /console/config.json`). */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string[];
}

/** Loads the console's configuration; a 503 carries the reason in words. */
export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/console/config.json', { headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as Partial<ConsoleConfig> & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `The server could not give the console its settings (HTTP ${res.status}).`);
  return body as ConsoleConfig;
}
