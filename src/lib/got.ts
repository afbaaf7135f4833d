/**
 * got, imported without the ICU data that its `@sindresorhus/is` dependency pages in at import.
 * Every module of the operator takes got from here (eslint refuses `got` elsewhere in src/).
 *
 * `@sindresorhus/is` (got's argument checks) builds two `Intl.ListFormat` when its module is
 * evaluated (distribution/index.js, `andFormatter` and `orFormatter`), only to word the message
 * of a failed check. Building one loads ICU's locale and list-pattern data: 6 MiB of RSS measured
 * (4.3 MiB of the node binary paged in, 1.7 MiB outside V8's heap) that the operator never needs
 * otherwise, 5 % of the 120 MiB the 10k bench holds it to. So, while got's modules are evaluated,
 * `Intl.ListFormat` is a class that builds the real formatter on first use; then the global is
 * put back. The two formatters word messages as before, and cost nothing until a check fails.
 */
import type * as Got from 'got';

const RealListFormat = Intl.ListFormat;
type ListFormatArgs = ConstructorParameters<typeof Intl.ListFormat>;

/** Intl.ListFormat, built when first used. */
class ListFormatOnFirstUse {
  readonly #args: ListFormatArgs;
  #real: Intl.ListFormat | undefined;
  constructor(...args: ListFormatArgs) {
    this.#args = args;
  }
  get #formatter(): Intl.ListFormat {
    return (this.#real ??= new RealListFormat(...this.#args));
  }
  format(list: Iterable<string>): string {
    return this.#formatter.format(list);
  }
  formatToParts(list: Iterable<string>): ReturnType<Intl.ListFormat['formatToParts']> {
    return this.#formatter.formatToParts(list);
  }
  resolvedOptions(): Intl.ResolvedListFormatOptions {
    return this.#formatter.resolvedOptions();
  }
}

async function importGot(): Promise<typeof Got> {
  // Intl's properties are writable at run time; TypeScript declares them read-only.
  Reflect.set(Intl, 'ListFormat', ListFormatOnFirstUse);
  try {
    return await import('got');
  } finally {
    Reflect.set(Intl, 'ListFormat', RealListFormat);
  }
}

const imported = await importGot();
export const got = imported.default;
export const { HTTPError, RequestError, TimeoutError } = imported;
export type { Got, Response } from 'got';
