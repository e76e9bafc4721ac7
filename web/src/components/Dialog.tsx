import type { ReactNode } from 'react';
import { Modal } from './Modal';

/**
 * A question in a {@link Modal}: Cancel (focused when it opens, so Enter never confirms by accident)
 * and the page's own `actions`. `describedBy` is the id of the element holding the question.
 */
export function Dialog({ title, describedBy, onCancel, actions, children, testId }: { title: string; describedBy: string; onCancel: () => void; actions: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Modal title={title} onClose={onCancel} describedBy={describedBy} testId={testId}>
      {children}
      <div className="actions">
        <button type="button" className="secondary" data-autofocus onClick={onCancel}>
          Cancel
        </button>
        {actions}
      </div>
    </Modal>
  );
}
