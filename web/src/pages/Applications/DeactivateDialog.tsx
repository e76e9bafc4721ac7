import { Dialog } from '../../components/Dialog';

/**
 * The confirmation before deactivating an app, saying what deactivation does (docs/oauth.md: its
 * tokens are revoked at once and reactivating does not bring them back) and what it breaks when the app
 * is the console's own or the Workflows engine's.
 */
export function DeactivateDialog({ label, consoleApp, workflowsApp, onCancel, onConfirm }: { label: string; consoleApp: boolean; workflowsApp: boolean; onCancel: () => void; onConfirm: () => void }) {
  return (
    <Dialog
      title="Deactivate application"
      describedBy="deactivate-app-text"
      onCancel={onCancel}
      testId="deactivate-dialog"
      actions={
        <button type="button" className="danger" onClick={onConfirm}>
          Deactivate
        </button>
      }
    >
      <p id="deactivate-app-text">
        Are you sure you want to deactivate {label}? Nobody can sign in to it while it is inactive, and <strong>every token it holds is revoked at once</strong>: its access and refresh
        tokens stop working, and activating it again does not bring them back.
      </p>
      {consoleApp && (
        <p className="warning" role="alert" data-testid="deactivate-console-warning">
          This is the Keyflow Console app: deactivating it <strong>closes this console</strong> for every admin, you included, the moment you confirm. To open it again, activate the app
          through the API (<code>POST /api/v1/apps/{'{id}'}/lifecycle/activate</code> with an API token).
        </p>
      )}
      {workflowsApp && (
        <p className="warning" role="alert" data-testid="deactivate-workflows-warning">
          This is the Keyflow Workflows app: deactivating it <strong>stops every Workflows connection</strong> and so every flow that calls the org through one. After activating it again,
          each connection must be reauthorized.
        </p>
      )}
    </Dialog>
  );
}
