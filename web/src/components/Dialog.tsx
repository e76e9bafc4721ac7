import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A modal dialog (`role="dialog"`, `aria-modal`): focus moves to its Cancel button when it opens, Tab
 * stays inside it, Escape or Cancel closes it, and focus goes back to whatever opened it.
 * `describedBy` is the id of the element holding the question the dialog asks.
 */
export function Dialog({ title, describedBy, onCancel, actions, children, testId }: { title: string; describedBy: string; onCancel: () => void; actions: ReactNode; children: ReactNode; testId?: string }) {
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = `${describedBy}-title`;

  useEffect(() => {
    const opener = document.activeElement;
    cancel.current?.focus();
    return () => {
      // The opener may be gone (the action changed the page): then focus stays where the page puts it.
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea')].filter((e) => !e.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="backdrop">
      <div className="dialog panel" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={describedBy} ref={dialog} onKeyDown={onKeyDown} data-testid={testId}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="actions">
          <button type="button" className="secondary" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          {actions}
        </div>
      </div>
    </div>
  );
}
