/**
 * The typed AST of EQL (surface syntax) and the normalized condition tree the matcher compiles.
 *
 * Two layers, one contract:
 * - {@link Statement} / {@link Query} / {@link Expr}: what the parser produces and the printer prints back
 *   to canonical EQL. Every node carries a {@link Span} so checks and errors can point at the source.
 * - {@link Cond}: what `normalizeQuery` produces for a single-event query — the desugaring of
 *   EQL-SEMANTICS.md §2 with `not` pushed down as in §4. Its leaves map one-to-one onto the Query DSL
 *   leaves Elasticsearch builds (`term`, `terms`, `wildcard`, `regexp`, `range`, `exists`, `must_not`,
 *   `script`), so the compiler, the reference interpreter, the prefilter and the DSL translation all
 *   consume the same tree.
 *
 * All unions discriminate on `kind`.
 */

/** Half-open byte range `[start, end)` into the query text (UTF-16 offsets of the JS string). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

// ───────────────────────────── surface syntax ─────────────────────────────

/** A scalar a literal or a document value can hold. */
export type Scalar = string | number | boolean | null;

/** A literal constant: `"x"`, `"""raw"""`, `42`, `1.5e3`, `true`, `null`. */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: Scalar;
  /** The literal as written (for numbers: the digits, so `1.0` stays a double in the printer). */
  readonly raw: string;
  readonly span: Span;
}

/**
 * A field reference. `name` is the full dotted name as Elasticsearch sees it (`process.executable`,
 * `@timestamp`, `my-field` for `` `my-field` ``). `optional` is the `?` prefix of optional fields.
 */
export interface FieldExpr {
  readonly kind: 'field';
  readonly name: string;
  readonly optional: boolean;
  readonly span: Span;
}

/** `not X`. */
export interface NotExpr {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly span: Span;
}

/** `a and b and …` / `a or b or …` (flattened: operands never contain the same kind directly). */
export interface LogicalExpr {
  readonly kind: 'and' | 'or';
  readonly operands: readonly Expr[];
  readonly span: Span;
}

/** Comparison operators. `=` is not one: the checker reports it ("use == or :"). */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** `left OP right`. */
export interface CompareExpr {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `f in (…)`, `f not in (…)`, `f in~ (…)`, `f not in~ (…)`. The list is never empty. */
export interface InExpr {
  readonly kind: 'in';
  readonly operand: Expr;
  readonly values: readonly Expr[];
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly span: Span;
}

/**
 * The pattern predicates: `f : c` / `f : (c1, c2)` (always case-insensitive, wildcards), `f like p`,
 * `f like~ p`, `f regex r`, `f regex~ r`, each with a single pattern or a parenthesised list.
 */
export interface PatternExpr {
  readonly kind: 'pattern';
  readonly op: ':' | 'like' | 'regex';
  readonly operand: Expr;
  readonly patterns: readonly Expr[];
  /** True for `:` and the `~` forms. */
  readonly caseInsensitive: boolean;
  readonly span: Span;
}

/**
 * A function call. `name` is the canonical spelling of a known function (`startsWith`, `cidrMatch`, …)
 * or the name as written for an unknown one (the checker reports it). `caseInsensitive` is the `~` suffix.
 */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly caseInsensitive: boolean;
  readonly args: readonly Expr[];
  readonly span: Span;
}

/** Binary arithmetic `+ - * / %`. */
export interface ArithExpr {
  readonly kind: 'arith';
  readonly op: '+' | '-' | '*' | '/' | '%';
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** Unary `-x` / `+x`. */
export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly operand: Expr;
  readonly span: Span;
}

/**
 * Endgame lineage inside a condition: `descendant of [process where …]`, `child of […]`, `event of […]`.
 * Parsed so the error can name it; no engine here executes it.
 */
export interface LineageExpr {
  readonly kind: 'lineage';
  readonly relation: 'child' | 'descendant' | 'event';
  readonly query: EventQuery;
  readonly span: Span;
}

/** Any expression of the condition language. */
export type Expr =
  | LiteralExpr
  | FieldExpr
  | NotExpr
  | LogicalExpr
  | CompareExpr
  | InExpr
  | PatternExpr
  | CallExpr
  | ArithExpr
  | UnaryExpr
  | LineageExpr;

/** `category where condition`; `category` is `null` for `any where …`. */
export interface EventQuery {
  readonly kind: 'event';
  readonly category: string | null;
  readonly condition: Expr;
  readonly span: Span;
}

/** `maxspan=5m` / `maxspan=30s` / `maxspan=100` (milliseconds when no unit). */
export interface TimeSpan {
  readonly value: number;
  readonly unit: 'ms' | 's' | 'm' | 'h' | 'd' | null;
  readonly span: Span;
}

/** One stage of a sequence, sample or join: `[query] by keys with runs=N`, or a missing event `![query]`. */
export interface Stage {
  readonly query: EventQuery;
  readonly by: readonly Expr[];
  readonly runs: number | null;
  readonly missing: boolean;
  readonly span: Span;
}

/** `sequence [by keys] [with maxspan=…] stage stage… [until stage]`. */
export interface SequenceQuery {
  readonly kind: 'sequence';
  readonly by: readonly Expr[];
  readonly maxspan: TimeSpan | null;
  readonly stages: readonly Stage[];
  readonly until: Stage | null;
  readonly span: Span;
}

/** `sample by keys stage stage…`. */
export interface SampleQuery {
  readonly kind: 'sample';
  readonly by: readonly Expr[];
  readonly stages: readonly Stage[];
  readonly span: Span;
}

/** `join [by keys] stage stage… [until stage]`. */
export interface JoinQuery {
  readonly kind: 'join';
  readonly by: readonly Expr[];
  readonly stages: readonly Stage[];
  readonly until: Stage | null;
  readonly span: Span;
}

/** Any query. Only {@link EventQuery} is executed by the matcher. */
export type Query = EventQuery | SequenceQuery | SampleQuery | JoinQuery;

/** `| head 5`, `| tail 2`, or any other pipe (parsed so the checker can name it). */
export interface Pipe {
  readonly name: string;
  readonly args: readonly Expr[];
  readonly span: Span;
}

/** A whole EQL statement: a query and its pipes. `source` is the text it was parsed from. */
export interface Statement {
  readonly query: Query;
  readonly pipes: readonly Pipe[];
  readonly source: string;
}

// ───────────────────────────── normalized form ─────────────────────────────

/**
 * A normalized single-event condition (EQL-SEMANTICS.md §2 and §4). Each leaf is evaluated with
 * Elasticsearch's semantics over the *values* a field has (§3):
 *
 * - positive leaves are existential: true when some value satisfies it, false when the field has none;
 * - `negated: true` leaves are the `must_not` forms: true when *no* value satisfies the positive leaf
 *   (so a missing field passes).
 *
 * `range` has no `negated`: `not (f > c)` is pushed down to `f <= c`, existential again (§4).
 */
export type Cond = AndCond | OrCond | ConstCond | TermCond | WildcardCond | RegexCond | RangeCond | ExistsCond | ScriptCond;

/** Conjunction. Never empty, never directly nested in another `and`. */
export interface AndCond {
  readonly kind: 'and';
  readonly items: readonly Cond[];
}

/** Disjunction. Never empty, never directly nested in another `or`. */
export interface OrCond {
  readonly kind: 'or';
  readonly items: readonly Cond[];
}

/** A condition decided at compile time (`any where true`, `1 == 1`). */
export interface ConstCond {
  readonly kind: 'const';
  readonly value: boolean;
}

/**
 * Equality with one or more constants: `f == v` (one value), `f in (…)`, `f in~ (…)`, `f : "lit"`
 * without wildcards, a regex without metacharacters, `cat where …` on the category field.
 * `values` has no `null` (dropped, §2). Case-insensitive equality folds ASCII letters only (§5).
 */
export interface TermCond {
  readonly kind: 'term';
  readonly field: string;
  readonly values: readonly Exclude<Scalar, null>[];
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
}

/** Anchored wildcard patterns (`*` any run, `?` one code point, no escapes) — `:`, `like`, `like~` (§5). */
export interface WildcardCond {
  readonly kind: 'wildcard';
  readonly field: string;
  readonly patterns: readonly string[];
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
}

/** Anchored Lucene regular expressions — `regex`, `regex~` (§5). */
export interface RegexCond {
  readonly kind: 'regex';
  readonly field: string;
  readonly patterns: readonly string[];
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
}

/** `f < c`, `f <= c`, `f > c`, `f >= c` — existential, also after a pushed-down `not`. */
export interface RangeCond {
  readonly kind: 'range';
  readonly field: string;
  readonly op: '<' | '<=' | '>' | '>=';
  readonly value: Exclude<Scalar, null>;
}

/** `f != null` (`negated: false`: has a value) / `f == null` (`negated: true`: has none). */
export interface ExistsCond {
  readonly kind: 'exists';
  readonly field: string;
  readonly negated: boolean;
}

/**
 * Anything Elasticsearch evaluates as a Painless script: a function or arithmetic applied to a field,
 * comparisons between computed values, nested boolean sub-expressions compared with a value.
 * `expr` is the original (boolean-valued) surface expression, evaluated per value of its fields with
 * three-valued logic inside; a `null` result is false (§4). `negated` is an outer `must_not`.
 */
export interface ScriptCond {
  readonly kind: 'script';
  readonly expr: Expr;
  readonly negated: boolean;
}

/** Options of normalization that change meaning. */
export interface NormalizeOptions {
  /** The field `cat where …` reads (Elasticsearch's `event_category_field`). Default `event.category`. */
  readonly categoryField?: string;
}

/** A normalized single-event query, ready to compile: the condition and the `head`/`tail` pipes. */
export interface NormalizedQuery {
  readonly condition: Cond;
  /** `head N` / `tail N` pipes in order; the matcher applies them in input order. */
  readonly pipes: readonly { readonly name: 'head' | 'tail'; readonly count: number }[];
  readonly categoryField: string;
}
