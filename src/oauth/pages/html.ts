/**
 * Escaping for the hosted pages. Every interpolation in an {@link html} template is escaped unless it
 * is already {@link SafeHtml} (another `html` result, or a trusted fragment wrapped in {@link raw}), so
 * a user-controlled value cannot become markup by accident. Templates must quote every attribute
 * value: escaping `"` and `'` is what keeps an interpolated value inside its attribute.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What an `html` template accepts: `false`, `null` and `undefined` render as nothing, for `cond && html`…``. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Marks a fragment as trusted markup. Only for constants and the output of other render functions. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A template tag whose interpolations are escaped by default. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * The URL if it is an absolute http(s) URL, else undefined. Escaping keeps a value inside an `href` or
 * `src` attribute but does not stop a `javascript:` or `data:` URL from running there, so client-supplied
 * URLs (logo, home page) pass through this first.
 */
export function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}
