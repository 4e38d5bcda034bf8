/**
 * The functions Elasticsearch EQL knows (EQL-SEMANTICS.md §6): canonical spelling, arity, argument and
 * result types. The parser canonicalizes names with it (function names are case-insensitive), the
 * checker validates calls against it, and the matcher can use it to dispatch.
 */

/** A static type of an EQL value, as far as the checker can tell without a mapping. */
export type EqlType = 'string' | 'number' | 'boolean' | 'null' | 'any';

/** One argument slot: the types it accepts, and whether it must be a constant. */
export interface ArgumentSignature {
  readonly types: readonly EqlType[];
  /** The argument must be a literal (Elasticsearch requires it to be foldable). */
  readonly constant?: boolean;
}

/** The signature of one function. */
export interface FunctionSignature {
  /** The canonical spelling (`startsWith`, `cidrMatch`, …). */
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for variadic functions (`concat`, `cidrMatch`). */
  readonly maxArgs: number;
  /** Slot `i` describes argument `i`; variadic functions repeat the last slot. */
  readonly args: readonly ArgumentSignature[];
  readonly returns: EqlType;
  /** Has a case-insensitive form `name~(…)` (between, endsWith, indexOf, startsWith, stringContains). */
  readonly caseInsensitive: boolean;
}

const STR: ArgumentSignature = { types: ['string'] };
const NUM: ArgumentSignature = { types: ['number'] };
const ANY: ArgumentSignature = { types: ['string', 'number', 'boolean'] };

function fn(
  name: string,
  minArgs: number,
  maxArgs: number,
  args: readonly ArgumentSignature[],
  returns: EqlType,
  caseInsensitive = false,
): FunctionSignature {
  return { name, minArgs, maxArgs, args, returns, caseInsensitive };
}

/** Every function of Elasticsearch EQL, by canonical name. */
export const FUNCTION_SIGNATURES: ReadonlyMap<string, FunctionSignature> = new Map(
  [
    fn('add', 2, 2, [NUM, NUM], 'number'),
    fn('subtract', 2, 2, [NUM, NUM], 'number'),
    fn('multiply', 2, 2, [NUM, NUM], 'number'),
    fn('divide', 2, 2, [NUM, NUM], 'number'),
    fn('modulo', 2, 2, [NUM, NUM], 'number'),
    // between(source, left, right[, greedy]): greedy must be a boolean constant.
    fn('between', 3, 4, [STR, STR, STR, { types: ['boolean'], constant: true }], 'string', true),
    // cidrMatch(ip, cidr…): the CIDR blocks must be string constants.
    fn('cidrMatch', 2, Infinity, [STR, { types: ['string'], constant: true }], 'boolean'),
    fn('concat', 1, Infinity, [ANY], 'string'),
    fn('endsWith', 2, 2, [STR, STR], 'boolean', true),
    fn('indexOf', 2, 3, [STR, STR, NUM], 'number', true),
    fn('length', 1, 1, [STR], 'number'),
    fn('number', 1, 2, [STR, NUM], 'number'),
    fn('startsWith', 2, 2, [STR, STR], 'boolean', true),
    fn('string', 1, 1, [ANY], 'string'),
    fn('stringContains', 2, 2, [STR, STR], 'boolean', true),
    fn('substring', 2, 3, [STR, NUM, NUM], 'string'),
  ].map((signature) => [signature.name, signature]),
);

const BY_LOWER_NAME: ReadonlyMap<string, FunctionSignature> = new Map(
  [...FUNCTION_SIGNATURES.values()].map((signature) => [signature.name.toLowerCase(), signature]),
);

/** The signature of `name` (any case: `CONCAT`, `startswith`), or `undefined` for an unknown function. */
export function findFunction(name: string): FunctionSignature | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/** The canonical spelling of a known function name (`STARTSWITH` → `startsWith`); other names unchanged. */
export function canonicalFunctionName(name: string): string {
  return findFunction(name)?.name ?? name;
}
