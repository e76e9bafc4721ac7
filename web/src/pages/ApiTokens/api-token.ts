/** An API token as `/api/v1/api-tokens` lists it. */
export interface ApiToken {
  id: string;
  name: string;
  userId: string;
  created: string;
  expiresAt: string;
  tokenWindow: string;
  /** Only in the answer to create (Keyflow's extension): the value, never shown again. */
  token?: string;
}
