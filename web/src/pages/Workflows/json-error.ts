/** Where a text stops being JSON: 1-based line and column, the offset, and what was expected there. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  offset: number;
  message: string;
}

/**
 * Parses `text` as JSON; on a syntax error, says where. Browsers' JSON.parse messages do not always
 * name a position (V8: `Unexpected token '}', "…" is not valid JSON`), so a small scanner of RFC 8259's
 * grammar finds the first offending character, and the line and column are counted from it to match
 * the editor's gutter.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { offset, message } = firstError(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return { ok: false, error: { line, column, offset, message } };
  }
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** The offset of the first character that breaks the JSON grammar, and what was expected instead. */
function firstError(text: string): { offset: number; message: string } {
  let i = 0;
  const found = () => (i >= text.length ? 'the end of the text' : `'${text[i]}'`);
  const fail = (expected: string): never => {
    throw new Stop(i, `Expected ${expected}, found ${found()}`);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`'${word}'`);
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail('a closing quote');
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch < ' ') throw new Stop(i, 'A line break or control character must be escaped inside a string');
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('4 hexadecimal digits after \\u');
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)');
      }
      i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '-') fail('a value');
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(`a property name in double quotes`);
        string();
        space();
        if (text[i] !== ':') fail(`':' after the property name`);
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          space();
          if (text[i] === '}') fail('another property after the comma');
          continue;
        }
        if (text[i] === '}') return void i++;
        fail(`',' or '}' after a property value`);
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') {
          i++;
          space();
          if (text[i] === ']') fail('another value after the comma');
          continue;
        }
        if (text[i] === ']') return void i++;
        fail(`',' or ']' after a value`);
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail('a value');
  };
  try {
    value();
    space();
    if (i < text.length) fail('nothing after the end of the JSON value');
    return { offset: text.length, message: 'Not valid JSON' };
  } catch (err) {
    if (err instanceof Stop) return { offset: err.offset, message: err.message };
    throw err;
  }
}
