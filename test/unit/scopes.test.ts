import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { oktaSpecPath } from '../support/okta-spec.js';
import { describeScope, isKnownScope, isOktaScope, OKTA_SCOPES, scopeSatisfies } from '../../src/core/scopes.js';

/** The `oauth2` scope list a spec file declares under components.securitySchemes. */
function declaredScopes(file: string): Record<string, string> {
  const text = readFileSync(oktaSpecPath(file), 'utf8');
  const spec = YAML.parse(text, { maxAliasCount: -1 }) as {
    components: { securitySchemes: { oauth2: { flows: { authorizationCode: { scopes: Record<string, string> } } } } };
  };
  return spec.components.securitySchemes.oauth2.flows.authorizationCode.scopes;
}

const specScopes = { ...declaredScopes('management-minimal.yaml'), ...declaredScopes('oauth-minimal.yaml') };
const OIDC = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups'];

describe('scope catalogue against Okta’s OpenAPI specs', () => {
  it('lists exactly the okta.* scopes the management and OAuth specs declare', () => {
    const ours = OKTA_SCOPES.map((s) => s.id).filter(isOktaScope).sort();
    const theirs = Object.keys(specScopes).filter(isOktaScope).sort();
    expect(ours).toEqual(theirs);
  });

  it('lists the seven OpenID Connect scopes', () => {
    expect(OKTA_SCOPES.map((s) => s.id).filter((id) => !isOktaScope(id))).toEqual(OIDC);
  });

  it('describes every scope in Okta’s words, verbatim', () => {
    for (const { id, description } of OKTA_SCOPES) expect(description, id).toBe(specScopes[id]);
  });

  it('has a short consent phrase for every scope, each one distinct', () => {
    const phrases = OKTA_SCOPES.map((s) => s.consentText);
    for (const p of phrases) expect(p).toMatch(/^[A-Z][^.]{5,80}$/);
    expect(new Set(phrases).size).toBe(phrases.length);
  });

  it('lists each scope once', () => {
    expect(new Set(OKTA_SCOPES.map((s) => s.id)).size).toBe(OKTA_SCOPES.length);
  });
});

describe('isKnownScope and isOktaScope', () => {
  it('knows catalogued scopes and nothing else', () => {
    expect(isKnownScope('okta.users.read')).toBe(true);
    expect(isKnownScope('openid')).toBe(true);
    expect(isKnownScope('okta.users.write')).toBe(false);
    expect(isKnownScope('ssf.read')).toBe(false);
  });

  it('calls a scope an Okta scope only by its okta. prefix', () => {
    expect(isOktaScope('okta.anything')).toBe(true);
    expect(isOktaScope('openid')).toBe(false);
    expect(isOktaScope('oktaX.users.read')).toBe(false);
  });
});

describe('scopeSatisfies: manage implies read', () => {
  it('accepts the required scope itself', () => {
    expect(scopeSatisfies(['okta.users.read'], 'okta.users.read')).toBe(true);
    expect(scopeSatisfies(['openid'], 'openid')).toBe(true);
  });

  it('accepts okta.X.manage for okta.X.read, for every read scope the catalogue has a manage scope for', () => {
    const ids = new Set<string>(OKTA_SCOPES.map((s) => s.id));
    const reads = [...ids].filter((id) => isOktaScope(id) && id.endsWith('.read'));
    expect(reads.length).toBeGreaterThan(50);
    for (const read of reads) {
      const manage = read.replace(/\.read$/, '.manage');
      if (ids.has(manage)) expect(scopeSatisfies(['openid', manage], read), read).toBe(true);
    }
  });

  it('does not accept read for manage', () => {
    expect(scopeSatisfies(['okta.users.read'], 'okta.users.manage')).toBe(false);
  });

  it('does not reach across resources', () => {
    expect(scopeSatisfies(['okta.groups.manage'], 'okta.users.read')).toBe(false);
    expect(scopeSatisfies(['okta.apps.manage'], 'okta.apps.interclientTrust.read')).toBe(false);
    expect(scopeSatisfies(['okta.serviceAccounts.manage'], 'okta.serviceAccounts.okta.read')).toBe(false);
    expect(scopeSatisfies(['okta.serviceAccounts.okta.manage'], 'okta.serviceAccounts.okta.read')).toBe(true);
  });

  it('accepts nothing when nothing is granted', () => {
    expect(scopeSatisfies([], 'okta.users.read')).toBe(false);
  });
});

describe('describeScope', () => {
  it('returns the consent phrase of a known scope', () => {
    expect(describeScope('okta.users.read')).toBe("Read your org's users");
    expect(describeScope('email')).toBe('See your email address');
  });

  it('falls back to a phrase naming an unknown scope', () => {
    expect(describeScope('okta.myAccount.read')).toContain('okta.myAccount.read');
  });
});
