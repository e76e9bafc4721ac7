import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Okta's published spec files are (shared/okta-spec beside the checkout, as on the development
 * machines): `KEYFLOW_OKTA_SPEC_DIR` when set (a clone elsewhere; .ci/run sets it), else
 * `../shared/okta-spec` next to the repository.
 */
export function oktaSpecPath(file: string): string {
  const dir = process.env.KEYFLOW_OKTA_SPEC_DIR ?? fileURLToPath(new URL('../../../shared/okta-spec', import.meta.url));
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`Okta's spec file ${file} is not at ${dir}: set KEYFLOW_OKTA_SPEC_DIR to the shared/okta-spec folder`);
  return path;
}
