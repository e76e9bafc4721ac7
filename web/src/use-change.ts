import { useState } from 'react';
import { errorWords } from './errors';

export type ChangeMessage = { kind: 'ok' | 'error'; text: string } | null;

/**
 * A section's changes (assign, revoke, add…): `change(run, done)` runs one, says `done` or the org's
 * words, then calls `after` (read the section again); it answers whether the change worked. `busy` is
 * true while one runs.
 */
export function useChange(after: () => unknown): { busy: boolean; message: ChangeMessage; change: (run: () => Promise<unknown>, done: string) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ChangeMessage>(null);

  async function change(run: () => Promise<unknown>, done: string): Promise<boolean> {
    setBusy(true);
    setMessage(null);
    try {
      await run();
      setMessage({ kind: 'ok', text: done });
      await after();
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: errorWords(err) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { busy, message, change };
}
