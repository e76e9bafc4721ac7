import { useEffect, useRef, useState } from 'react';
import type { ApiToken } from './api-token';

/**
 * A token's value, right after it was created: the org never shows it again (not in the list, not
 * after a reload), so it is shown here once, with a copy button and a warning that says so.
 */
export function NewToken({ token, onDismiss }: { token: ApiToken; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const value = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(token.token ?? '');
      setCopied('yes');
    } catch {
      // No clipboard access (an insecure origin, a refused permission): select it for Ctrl+C instead.
      const range = document.createRange();
      if (value.current) range.selectNodeContents(value.current);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setCopied('failed');
    }
  }

  return (
    <section className="panel new-token" aria-labelledby="new-token-title" data-testid="new-token">
      <h2 id="new-token-title" tabIndex={-1} ref={heading}>
        Token “{token.name}” created
      </h2>
      <p className="warning" role="alert">
        Copy this token now. It will not be shown again: the org keeps only a hash of it.
      </p>
      <code className="token-value" data-testid="token-value" ref={value}>
        {token.token}
      </code>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy token
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          Done
        </button>
      </div>
      <p aria-live="polite" className="muted">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser refused the clipboard: the token is selected, press Ctrl+C (⌘C).' : ''}
      </p>
    </section>
  );
}
