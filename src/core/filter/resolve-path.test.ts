import { describe, expect, it } from 'vitest';
import { resolvePath } from './resolve-path.js';

describe('resolvePath', () => {
  const event = {
    actor: { id: '00u1', detail: null },
    target: [
      { id: 'a', alternateIds: ['x', 'y'] },
      { id: 'b', detailEntry: { k: 1 } },
      { displayName: 'no id' },
    ],
    debugContext: { debugData: { requestUri: '/api/v1/users' } },
    objectClass: ['okta:user_group'],
  };

  it('walks dotted paths through objects', () => {
    expect(resolvePath(event, 'actor.id')).toBe('00u1');
    expect(resolvePath(event, 'debugContext.debugData.requestUri')).toBe('/api/v1/users');
  });

  it('returns undefined for missing paths and null where the value is null', () => {
    expect(resolvePath(event, 'actor.missing')).toBeUndefined();
    expect(resolvePath(event, 'client.ipAddress')).toBeUndefined();
    expect(resolvePath(event, 'actor.detail')).toBeNull();
    expect(resolvePath(event, 'actor.id.length')).toBeUndefined();
  });

  it('collects the values from every array element, skipping elements without the attribute', () => {
    expect(resolvePath(event, 'target.id')).toEqual(['a', 'b']);
    expect(resolvePath(event, 'target.detailEntry.k')).toEqual([1]);
  });

  it('flattens array values found inside array elements', () => {
    expect(resolvePath(event, 'target.alternateIds')).toEqual(['x', 'y']);
  });

  it('returns an array-valued attribute itself when no array was crossed', () => {
    expect(resolvePath(event, 'objectClass')).toEqual(['okta:user_group']);
  });

  it('gives an empty array when no element of a crossed array has the attribute', () => {
    expect(resolvePath(event, 'target.nothing')).toEqual([]);
  });

  it('reads only own properties, so prototype names find nothing', () => {
    expect(resolvePath(event, 'constructor')).toBeUndefined();
    expect(resolvePath(event, 'actor.__proto__')).toBeUndefined();
    expect(resolvePath(event, 'actor.toString')).toBeUndefined();
  });
});
