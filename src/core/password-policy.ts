/**
 * Okta's default password policy (Classic "Default Policy"): at least 8 characters, a lower-case letter,
 * an upper-case letter, a number, and no part of the username. Returns Okta's cause text, or null.
 */
export function passwordProblem(password: string, login: string): string | null {
  const localPart = login.split('@')[0]?.toLowerCase() ?? '';
  const ok =
    password.length >= 8 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password) &&
    !(localPart.length >= 4 && password.toLowerCase().includes(localPart));
  return ok
    ? null
    : 'password: Password requirements were not met. Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.';
}
