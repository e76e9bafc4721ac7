import { describe, expect, it } from 'vitest';
// @ts-expect-error web/ is a bundler module (no .js extensions); vitest resolves it as Vite does.
import { parseJson } from '../../web/src/pages/Workflows/json-error';

/** The console's flow editor says where a definition stops being JSON (docs/console.md, Workflows). */
describe('the flow editor’s JSON syntax errors', () => {
  const at = (text: string) => {
    const result = parseJson(text);
    if (result.ok) throw new Error(`${JSON.stringify(text)} parsed`);
    return result.error;
  };

  it('names the line and column of the first character that breaks the grammar', () => {
    expect(at('{\n  "name": "x",\n  "cards": [\n    {"id": "a" "type": 1}\n  ]\n}')).toEqual({ line: 4, column: 16, offset: 45, message: "Expected ',' or '}' after a property value, found '\"'" });
    expect(at('{"a": }')).toMatchObject({ line: 1, column: 7, message: "Expected a value, found '}'" });
    expect(at('{"a": tru}')).toMatchObject({ column: 10, message: "Expected 'true', found '}'" });
    expect(at('[1,]')).toMatchObject({ column: 4, message: "Expected another value after the comma, found ']'" });
    expect(at('{"a":1,}')).toMatchObject({ column: 8, message: "Expected another property after the comma, found '}'" });
    expect(at("{'a': 1}")).toMatchObject({ column: 2, message: "Expected a property name in double quotes, found '''" });
    expect(at('{"a":"x\ny"}')).toMatchObject({ line: 1, column: 8, message: 'A line break or control character must be escaped inside a string' });
    expect(at('{"a":1}}')).toMatchObject({ column: 8, message: "Expected nothing after the end of the JSON value, found '}'" });
  });

  it('puts a text that ends too early at its end', () => {
    expect(at('{"a": 1')).toMatchObject({ line: 1, column: 8, offset: 7, message: "Expected ',' or '}' after a property value, found the end of the text" });
    expect(at('')).toMatchObject({ line: 1, column: 1, message: 'Expected a value, found the end of the text' });
    expect(at('{\n')).toMatchObject({ line: 2, column: 1 });
  });

  it('accepts what JSON.parse accepts, with the value', () => {
    expect(parseJson('{"ok":[1,-2.5e3,{"x":null,"y":"\\u00e9\\n"}], "t": true}')).toEqual({ ok: true, value: { ok: [1, -2500, { x: null, y: 'é\n' }], t: true } });
  });
});
