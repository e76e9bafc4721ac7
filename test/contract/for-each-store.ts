import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { SqlStore } from '../../src/store/sql-store.js';
import { storeTargets, type StoreTarget, type StoreUnderTest } from '../support/pg.js';

const { targets, skipped } = await storeTargets();

/**
 * Declares `body` once per engine (SQLite, and PostgreSQL when reachable). The suite opens one store and
 * empties it before each test, so every test starts from an empty, migrated store. An engine left out
 * still shows up, as a skipped suite naming why.
 */
export function forEachStore(title: string, body: (store: () => SqlStore, target: StoreTarget) => void): void {
  describe.each(targets)(`$name store: ${title}`, (target) => {
    let current: StoreUnderTest | undefined;
    beforeAll(async () => {
      current = await target.open();
    });
    beforeEach(async () => {
      await current?.reset();
    });
    afterAll(async () => {
      await current?.dispose();
      current = undefined;
    });
    body(() => {
      if (!current) throw new Error('no store open outside a test');
      return current.store;
    }, target);
  });
  for (const { name, reason } of skipped) {
    describe.skip(`${name} store: ${title}`, () => {
      it(`is skipped: ${reason}`, () => {});
    });
  }
}
