import { ApiError, notFound } from './errors.js';

/**
 * Okta's user status machine (okta-api.md §6.4). `ACTIVATING` is internal in Okta and never shown.
 *
 *            create(activate=false)                create(activate=true, password)
 *   ─────────────► STAGED ──activate──► ACTIVE ◄───────────────────────────────
 *                    │  (no password)     ▲ │ ├─suspend──► SUSPENDED ─unsuspend─┐
 *                    ▼                    │ │ ├─reset_password──► RECOVERY      │
 *               PROVISIONED ──(sets pwd)──┘ │ ├─expire_password─► PASSWORD_EXPIRED
 *                                           │ └─(failed sign-ins)► LOCKED_OUT ─unlock─► ACTIVE
 *   any status except DEPROVISIONED ──deactivate / 1st DELETE──► DEPROVISIONED ──2nd DELETE──► (deleted)
 *   DEPROVISIONED ──activate──► ACTIVE | PROVISIONED
 */
export const USER_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const LIFECYCLE_OPERATIONS = [
  'activate',
  'reactivate',
  'deactivate',
  'suspend',
  'unsuspend',
  'unlock',
  'reset_password',
  'expire_password',
] as const;
export type LifecycleOperation = (typeof LIFECYCLE_OPERATIONS)[number];

/** What a cell of the table says: move to a status, or refuse with one of Okta's errors. */
type Cell = UserStatus | 'ACTIVE_OR_PROVISIONED' | Refusal;
type Refusal = 'ALREADY_ACTIVE' | 'NOT_ALLOWED' | 'NOT_ACTIVE' | 'NOT_SUSPENDED' | 'NOT_LOCKED' | 'GONE';

const NA: Refusal = 'NOT_ALLOWED';

/** Rows: current status; columns: operation. Derived from okta-api.md §6.4; [U] cells refuse with E0000038. */
const TABLE: Record<UserStatus, Record<LifecycleOperation, Cell>> = {
  STAGED: {
    activate: 'ACTIVE_OR_PROVISIONED', reactivate: NA, deactivate: 'DEPROVISIONED', suspend: 'NOT_ACTIVE',
    unsuspend: 'NOT_SUSPENDED', unlock: 'NOT_LOCKED', reset_password: NA, expire_password: NA,
  },
  PROVISIONED: {
    activate: NA, reactivate: 'PROVISIONED', deactivate: 'DEPROVISIONED', suspend: 'NOT_ACTIVE',
    unsuspend: 'NOT_SUSPENDED', unlock: 'NOT_LOCKED', reset_password: 'RECOVERY', expire_password: NA,
  },
  ACTIVE: {
    activate: 'ALREADY_ACTIVE', reactivate: NA, deactivate: 'DEPROVISIONED', suspend: 'SUSPENDED',
    unsuspend: 'NOT_SUSPENDED', unlock: 'NOT_LOCKED', reset_password: 'RECOVERY', expire_password: 'PASSWORD_EXPIRED',
  },
  RECOVERY: {
    activate: NA, reactivate: 'RECOVERY', deactivate: 'DEPROVISIONED', suspend: 'NOT_ACTIVE',
    unsuspend: 'NOT_SUSPENDED', unlock: 'NOT_LOCKED', reset_password: 'RECOVERY', expire_password: 'PASSWORD_EXPIRED',
  },
  PASSWORD_EXPIRED: {
    activate: NA, reactivate: NA, deactivate: 'DEPROVISIONED', suspend: 'NOT_ACTIVE',
    unsuspend: 'NOT_SUSPENDED', unlock: 'NOT_LOCKED', reset_password: 'RECOVERY', expire_password: 'PASSWORD_EXPIRED',
  },
  LOCKED_OUT: {
    activate: NA, reactivate: NA, deactivate: 'DEPROVISIONED', suspend: 'NOT_ACTIVE',
    unsuspend: 'NOT_SUSPENDED', unlock: 'ACTIVE', reset_password: 'RECOVERY', expire_password: NA,
  },
  SUSPENDED: {
    activate: NA, reactivate: NA, deactivate: 'DEPROVISIONED', suspend: 'NOT_ACTIVE',
    unsuspend: 'ACTIVE', unlock: 'NOT_LOCKED', reset_password: NA, expire_password: NA,
  },
  DEPROVISIONED: {
    activate: 'ACTIVE_OR_PROVISIONED', reactivate: NA, deactivate: 'GONE', suspend: 'NOT_ACTIVE',
    unsuspend: 'NOT_SUSPENDED', unlock: 'NOT_LOCKED', reset_password: NA, expire_password: NA,
  },
};

function refuse(refusal: Refusal, userId: string): ApiError {
  switch (refusal) {
    case 'ALREADY_ACTIVE':
      return new ApiError('E0000016');
    case 'NOT_ALLOWED':
      return new ApiError('E0000038');
    // Okta's captured summary is "suspendUser" for both (okta-api.md §6.5); integrations match the cause text.
    case 'NOT_ACTIVE':
      return new ApiError('E0000001', { detail: 'suspendUser', causes: ['Cannot suspend a user that is not active'] });
    case 'NOT_SUSPENDED':
      return new ApiError('E0000001', { detail: 'suspendUser', causes: ['Cannot unsuspend a user that is not suspended'] });
    case 'NOT_LOCKED':
      return new ApiError('E0000032', { causes: ['The user is not locked out.'] });
    case 'GONE':
      // A deprovisioned user is already deactivated; Okta answers as if it were absent (okta-api.md §6.4).
      return notFound(userId, 'User');
  }
}

/**
 * The status `op` leads to from `from`, or the Okta error that refuses it.
 * `hasCredential` decides activation: a user with a password (or an external provider) becomes ACTIVE,
 * one without becomes PROVISIONED until they set one.
 */
export function transition(
  from: UserStatus,
  op: LifecycleOperation,
  userId: string,
  hasCredential: boolean,
): UserStatus {
  const cell = TABLE[from][op];
  if (cell === 'ACTIVE_OR_PROVISIONED') return hasCredential ? 'ACTIVE' : 'PROVISIONED';
  if ((USER_STATUSES as readonly string[]).includes(cell)) return cell as UserStatus;
  throw refuse(cell as Refusal, userId);
}

/** Whether `op` is allowed from `status` (used for the `_links` of a user, okta-api.md §6.2). */
export function allows(status: UserStatus, op: LifecycleOperation): boolean {
  const cell = TABLE[status][op];
  return cell === 'ACTIVE_OR_PROVISIONED' || (USER_STATUSES as readonly string[]).includes(cell);
}

/**
 * Statuses in which the credentials a user issued (API tokens, later OAuth grants) are honoured.
 * Okta refuses a token whose creator is deactivated or suspended (okta-api.md §1.1, KB-E11); a locked-out
 * or password-expired admin is still an active person whose automation keeps working.
 */
export function credentialsHonoured(status: UserStatus): boolean {
  return status === 'ACTIVE' || status === 'PASSWORD_EXPIRED' || status === 'RECOVERY' || status === 'LOCKED_OUT';
}
