import { bindJson, isJsonContentType } from '../../grafana-double/binding.js';

describe('grafana double only: the binding functions (§1.4, §13.2; the HTTP contract is test/contract/binding.test.ts)', () => {
  it('decodes like encoding/json: case-insensitive keys, unknown keys ignored, null unset', () => {
    const headers = { 'content-type': 'application/json' };
    const schema = { name: { kind: 'string', required: true }, version: { kind: 'int' } } as const;
    const ok = bindJson(headers, Buffer.from('{"NAME":"a","extra":1,"version":null}'), schema);
    expect(ok).toEqual({ ok: true, value: { name: 'a' } });
    const fraction = bindJson(headers, Buffer.from('{"name":"a","version":1.5}'), schema);
    expect(fraction.ok).toBe(false);
  });

  it('parses content types like mime.ParseMediaType', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=UTF-8')).toBe(true);
    expect(isJsonContentType('application/json; charset')).toBe(false);
    expect(isJsonContentType('application/jsonx')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});
