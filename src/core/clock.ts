/** Time comes in from outside so that tests can pin it (style.md habit 1). */
export interface Clock {
  now(): Date;
}

/** Okta's timestamp form: ISO-8601 UTC with milliseconds (okta-api.md §1.2). */
export function iso(date: Date): string {
  return date.toISOString();
}
