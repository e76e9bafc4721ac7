/** Password hashing is argon2id (architecture.md); services see only this port. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * SHA-256 (hex) of a high-entropy secret such as an API token. Tokens carry 240 bits of randomness,
 * so a fast hash is enough to make a leaked table useless; passwords use PasswordHasher instead.
 */
export type SecretDigest = (secret: string) => string;

/**
 * Authenticated encryption for secrets Keyflow must be able to read back (client secrets, signing keys,
 * Workflows connection tokens): AES-256-GCM with the org's secret key (architecture.md "secrets at rest").
 * `open` throws on a value that was tampered with or sealed under another key.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}
