import { useId, type ReactNode } from 'react';
import { Dialog } from './Dialog';

/**
 * A modal confirmation: a {@link Dialog} asking `text`, with Cancel and the confirming button.
 * `children` come between the question and the buttons (the Workflows impact, a checkbox…).
 */
export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  onCancel,
  onConfirm,
  children,
  danger = true,
  busy = false,
}: {
  title: string;
  text: string;
  confirmLabel: string;
  onCancel: () => void;
  onConfirm: () => void;
  children?: ReactNode;
  danger?: boolean;
  busy?: boolean;
}) {
  const id = useId();
  return (
    <Dialog
      title={title}
      describedBy={`${id}-text`}
      onCancel={onCancel}
      testId="confirm-dialog"
      actions={
        <button type="button" className={danger ? 'danger' : undefined} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      }
    >
      <p id={`${id}-text`}>{text}</p>
      {children}
    </Dialog>
  );
}
