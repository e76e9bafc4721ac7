/**
 * Keyflow's service-account flag (`profile.keyflowServiceAccount`, docs/console.md "Service accounts"):
 * a dedicated, non-human account, the one Workflows connections should be authorized by. Absent means
 * false, so only `true` marks one.
 */
export function isServiceAccount(user: { profile: Record<string, unknown> } | undefined): boolean {
  return user?.profile.keyflowServiceAccount === true;
}

/** A "Service account" badge beside a user's name, or nothing for a person. */
export function ServiceAccountBadge({ user }: { user: { profile: Record<string, unknown> } | undefined }) {
  if (!isServiceAccount(user)) return null;
  return (
    <span className="badge badge-service" data-testid="service-account-badge">
      Service account
    </span>
  );
}
