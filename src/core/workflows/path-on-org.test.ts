import { describe, expect, it } from 'vitest';
import { pathOnOrg } from './connection.js';

describe('pathOnOrg: where a card with a connection may send the connection\'s token', () => {
  it('takes a relative path, and an absolute URL on the org, as a path on the org', () => {
    expect(pathOnOrg('https://acme.okta.com', '/api/v1/users/me')).toBe('/api/v1/users/me');
    expect(pathOnOrg('https://acme.okta.com', 'https://ACME.okta.com:443/api/v1/users?limit=2')).toBe('/api/v1/users?limit=2');
    expect(pathOnOrg('http://127.0.0.1:8080/okta', 'http://127.0.0.1:8080/okta/api/v1/users')).toBe('/api/v1/users');
  });

  it('refuses every other host, scheme, port, path prefix and protocol-relative or user-info trick', () => {
    for (const url of [
      'https://evil.example/api/v1/users',
      'http://acme.okta.com/api/v1/users',
      'https://acme.okta.com:8443/api/v1/users',
      'https://acme.okta.com@evil.example/api/v1/users',
      'https://user:pw@acme.okta.com/api/v1/users',
      '//evil.example/api',
      '/\\evil.example/api',
      'not a url',
    ]) {
      expect(pathOnOrg('https://acme.okta.com', url), url).toBeNull();
    }
    expect(pathOnOrg('http://127.0.0.1:8080/okta', 'http://127.0.0.1:8080/oktafake/api')).toBeNull();
  });
});
