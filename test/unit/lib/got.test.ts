import { describe, expect, it } from '@jest/globals';

describe('got, imported from src/lib/got.ts', () => {
  // First in the file: the module is evaluated here, with a counting Intl.ListFormat in place.
  it('builds no Intl.ListFormat at import, the real one when a failed check is worded, and leaves the global as it was', async () => {
    const original = Intl.ListFormat;
    let built = 0;
    class CountingListFormat extends original {
      constructor(...args: ConstructorParameters<typeof Intl.ListFormat>) {
        super(...args);
        built += 1;
      }
    }
    Reflect.set(Intl, 'ListFormat', CountingListFormat);
    try {
      const { got } = await import('../../../src/lib/got.js');
      expect(built).toBe(0);
      expect(Intl.ListFormat).toBe(CountingListFormat);

      expect(() => got.extend({ searchParams: { a: {} as never } })).toThrow(
        new TypeError(
          "Option 'searchParams.a': Expected values which are `string`, `number`, `boolean`, `null`, or `undefined`. Received values of type `Object`.",
        ),
      );
      expect(built).toBe(2); // the "or" and the "and" formatter, each once
      expect(() => got.extend({ searchParams: { a: [] as never } })).toThrow(TypeError);
      expect(built).toBe(2);
    } finally {
      Reflect.set(Intl, 'ListFormat', original);
    }
  });

  it('hands out the error classes got throws', async () => {
    const { got, RequestError } = await import('../../../src/lib/got.js');
    const failure = await got('http://127.0.0.1:1/', { retry: { limit: 0 } }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(RequestError);
    expect((failure as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
