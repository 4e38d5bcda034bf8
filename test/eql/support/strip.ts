/**
 * Test helpers: compare ASTs without positions. `stripSpans` removes every `span` and the `source` of a
 * statement; with `strings: true` it also drops the `raw` spelling of string literals (the printer
 * re-spells strings canonically, so a print → parse round trip keeps their value, not their spelling).
 */
export function stripSpans<T>(value: T, options: { strings?: boolean } = {}): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => {
      if (key === 'span' || key === 'source') return undefined;
      if (options.strings === true && key === 'raw' && typeof v === 'string' && v.startsWith('"')) return undefined;
      return v;
    }),
  );
}
