/**
 * The complete set of EQL functions (EQL-SEMANTICS.md §6), by canonical name: arity, whether the `~`
 * form exists, and the implementation over evaluated arguments. `cidrMatch` takes its blocks parsed
 * (they are constants) — callers parse them once with {@link parseCidrBlocks}.
 */
import { add } from './add.js';
import { between } from './between.js';
import { cidrMatch, parseCidrBlocks } from './cidr-match.js';
import { concat } from './concat.js';
import { divide } from './divide.js';
import { endsWith } from './ends-with.js';
import type { EqlValue } from './eql-value.js';
import { indexOf } from './index-of.js';
import { length } from './length.js';
import { modulo } from './modulo.js';
import { multiply } from './multiply.js';
import { toNumber } from './number.js';
import { startsWith } from './starts-with.js';
import { stringContains } from './string-contains.js';
import { substring } from './substring.js';
import { subtract } from './subtract.js';
import { toString } from './to-string.js';

/** One EQL function. */
export interface EqlFunction {
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  /** True for the five functions that have a `~` form. */
  readonly caseInsensitiveForm: boolean;
  /** Evaluates the function on evaluated arguments (missing optional arguments are `null`). */
  readonly call: (args: readonly EqlValue[], caseInsensitive: boolean) => EqlValue;
}

const a = (args: readonly EqlValue[], i: number): EqlValue => args[i] ?? null;

/** Every function, by canonical name. */
export const EQL_FUNCTIONS: ReadonlyMap<string, EqlFunction> = new Map(
  (
    [
      { name: 'add', minArgs: 2, maxArgs: 2, caseInsensitiveForm: false, call: (x) => add(a(x, 0), a(x, 1)) },
      { name: 'subtract', minArgs: 2, maxArgs: 2, caseInsensitiveForm: false, call: (x) => subtract(a(x, 0), a(x, 1)) },
      { name: 'multiply', minArgs: 2, maxArgs: 2, caseInsensitiveForm: false, call: (x) => multiply(a(x, 0), a(x, 1)) },
      { name: 'divide', minArgs: 2, maxArgs: 2, caseInsensitiveForm: false, call: (x) => divide(a(x, 0), a(x, 1)) },
      { name: 'modulo', minArgs: 2, maxArgs: 2, caseInsensitiveForm: false, call: (x) => modulo(a(x, 0), a(x, 1)) },
      {
        name: 'between',
        minArgs: 3,
        maxArgs: 4,
        caseInsensitiveForm: true,
        call: (x, ci) => between(a(x, 0), a(x, 1), a(x, 2), x.length > 3 ? a(x, 3) : false, ci),
      },
      {
        name: 'cidrMatch',
        minArgs: 2,
        maxArgs: Number.POSITIVE_INFINITY,
        caseInsensitiveForm: false,
        call: (x) => cidrMatch(a(x, 0), parseCidrBlocks(x.slice(1))),
      },
      { name: 'concat', minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, caseInsensitiveForm: false, call: (x) => concat(x) },
      { name: 'endsWith', minArgs: 2, maxArgs: 2, caseInsensitiveForm: true, call: (x, ci) => endsWith(a(x, 0), a(x, 1), ci) },
      { name: 'indexOf', minArgs: 2, maxArgs: 3, caseInsensitiveForm: true, call: (x, ci) => indexOf(a(x, 0), a(x, 1), a(x, 2), ci) },
      { name: 'length', minArgs: 1, maxArgs: 1, caseInsensitiveForm: false, call: (x) => length(a(x, 0)) },
      { name: 'number', minArgs: 1, maxArgs: 2, caseInsensitiveForm: false, call: (x) => toNumber(a(x, 0), a(x, 1)) },
      { name: 'startsWith', minArgs: 2, maxArgs: 2, caseInsensitiveForm: true, call: (x, ci) => startsWith(a(x, 0), a(x, 1), ci) },
      { name: 'string', minArgs: 1, maxArgs: 1, caseInsensitiveForm: false, call: (x) => toString(a(x, 0)) },
      {
        name: 'stringContains',
        minArgs: 2,
        maxArgs: 2,
        caseInsensitiveForm: true,
        call: (x, ci) => stringContains(a(x, 0), a(x, 1), ci),
      },
      { name: 'substring', minArgs: 2, maxArgs: 3, caseInsensitiveForm: false, call: (x) => substring(a(x, 0), a(x, 1), a(x, 2)) },
    ] satisfies EqlFunction[]
  ).map((f) => [f.name, f]),
);

/** Looks a function up by name, case-insensitively (`CONCAT` is `concat`); `undefined` when unknown. */
export function findEqlFunction(name: string): EqlFunction | undefined {
  const exact = EQL_FUNCTIONS.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const f of EQL_FUNCTIONS.values()) if (f.name.toLowerCase() === lower) return f;
  return undefined;
}
