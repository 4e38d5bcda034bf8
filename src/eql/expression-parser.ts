/**
 * The expression half of the EQL parser: a token cursor and the condition grammar of EQL-SEMANTICS.md §1,
 * following Elasticsearch's `EqlBase.g4` where the spec is silent.
 *
 * Precedence, loosest first: `or` < `and` < `not` (and lineage `x of […]`) < comparison < `+ -` < `* / %`
 * < unary `- +` < a primary with its predicate. As in Elasticsearch's grammar
 * (`operatorExpression : primaryExpression predicate?`), a predicate (`in`, `:`, `like`, `regex`) binds to
 * the primary right before it: `a + b in (1)` is `a + (b in (1))`, and `-x in (1)` is `-(x in (1))`.
 */
import type {
  CallExpr,
  CompareOp,
  EventQuery,
  Expr,
  FieldExpr,
  InExpr,
  LineageExpr,
  LiteralExpr,
  PatternExpr,
  Span,
} from './ast.js';
import { canonicalFunctionName } from './function-signatures.js';
import type { Token } from './lexer.js';
import { shorten, TokenCursor } from './token-cursor.js';

const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const PATTERN_OPS: ReadonlySet<string> = new Set([':', 'like', 'like~', 'regex', 'regex~']);
const LINEAGE_RELATIONS: ReadonlySet<string> = new Set(['child', 'descendant', 'event']);
/**
 * Deepest nesting of parentheses, `not`s and unary signs accepted. Real rules nest fewer than 20 levels;
 * the limit turns a pathological query into a syntax error instead of a stack overflow here or in the
 * recursive passes (check, normalize, print, compile) that walk the tree afterwards.
 */
export const MAX_NESTING_DEPTH = 200;

/** The expression grammar over a {@link TokenCursor}; the statement parser adds queries and pipes. */
export abstract class ExpressionParser extends TokenCursor {
  private depth = 0;

  // ───────────────────────── expressions ─────────────────────────

  /** `expression := or`. */
  parseExpression(): Expr {
    return this.nested(() => this.parseLogical('or'));
  }

  /** A chain `a + b + c …` builds a tree as deep as it is long: it counts against the same limit. */
  private limitChain(links: number): void {
    if (this.depth + links > MAX_NESTING_DEPTH) {
      const token = this.peek();
      this.failAt(`the query nests deeper than ${MAX_NESTING_DEPTH} levels`, token.start, token.end);
    }
  }

  /** Runs `parse` one nesting level deeper, refusing to go past {@link MAX_NESTING_DEPTH}. */
  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING_DEPTH) {
      const token = this.peek();
      this.failAt(`the query nests deeper than ${MAX_NESTING_DEPTH} levels`, token.start, token.end);
    }
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private parseLogical(kind: 'or' | 'and'): Expr {
    const first = kind === 'or' ? this.parseLogical('and') : this.parseNot();
    if (!this.isKeyword(kind)) return first;
    const operands: Expr[] = [];
    const add = (e: Expr): void => {
      // Flattened: `a and (b and c)` is one `and` of three (ast.ts LogicalExpr).
      if (e.kind === kind) operands.push(...e.operands);
      else operands.push(e);
    };
    add(first);
    while (this.isKeyword(kind)) {
      this.next();
      add(kind === 'or' ? this.parseLogical('and') : this.parseNot());
    }
    return { kind, operands, span: this.span(first.span.start) };
  }

  private parseNot(): Expr {
    if (this.isKeyword('not')) {
      const start = this.next().start;
      const operand = this.nested(() => this.parseNot());
      return { kind: 'not', operand, span: this.span(start) };
    }
    if (this.peek().kind === 'identifier' && this.isKeyword('of', 1)) return this.parseLineage();
    return this.parseComparison();
  }

  /** `descendant of [process where …]`, `child of […]`, `event of […]` (Endgame lineage). */
  private parseLineage(): LineageExpr {
    const relationToken = this.next();
    if (!LINEAGE_RELATIONS.has(relationToken.text)) {
      this.failAt(
        `unknown relationship "${relationToken.text}"; expected child, descendant or event before "of"`,
        relationToken.start,
        relationToken.end,
      );
    }
    this.next(); // of
    this.expectPunct('[', `after "${relationToken.text} of"`);
    const query = this.parseEventFilter();
    this.expectPunct(']', 'to close the lineage query');
    return {
      kind: 'lineage',
      relation: relationToken.text as LineageExpr['relation'],
      query,
      span: this.span(relationToken.start),
    };
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    this.refuseAssign();
    const token = this.peek();
    if (token.kind !== 'punct' || !COMPARE_OPS.has(token.text)) return left;
    this.next();
    const right = this.parseAdditive();
    this.refuseAssign();
    const chained = this.peek();
    if (chained.kind === 'punct' && COMPARE_OPS.has(chained.text)) {
      // Elasticsearch's grammar has no chained comparisons: `a < b < c` is a syntax error there too.
      this.failAt(
        `chained comparisons are not allowed: "${chained.text}" after "${token.text}"; combine them with "and"`,
        chained.start,
        chained.end,
      );
    }
    return { kind: 'compare', op: token.text as CompareOp, left, right, span: this.span(left.span.start) };
  }

  /** A lone `=` is the most common EQL typo; say what to write instead (EQL-SEMANTICS.md §1). */
  private refuseAssign(): void {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === '=') {
      this.failAt(
        'use == to compare or : for a case-insensitive (wildcard) match, not =',
        token.start,
        token.end,
      );
    }
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (let links = 1; this.isPunct('+') || this.isPunct('-'); links += 1) {
      this.limitChain(links);
      const op = this.next().text as '+' | '-';
      const right = this.parseMultiplicative();
      left = { kind: 'arith', op, left, right, span: this.span(left.span.start) };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (let links = 1; this.isPunct('*') || this.isPunct('/') || this.isPunct('%'); links += 1) {
      this.limitChain(links);
      const op = this.next().text as '*' | '/' | '%';
      const right = this.parseUnary();
      left = { kind: 'arith', op, left, right, span: this.span(left.span.start) };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isPunct('-') || this.isPunct('+')) {
      const token = this.next();
      const operand = this.nested(() => this.parseUnary());
      return { kind: 'unary', op: token.text as '-' | '+', operand, span: this.span(token.start) };
    }
    return this.parsePredicate(this.parsePrimary());
  }

  /** The optional predicate after a primary: `in`, `not in`, `in~`, `:`, `like`, `like~`, `regex`, `regex~`. */
  private parsePredicate(operand: Expr): Expr {
    const token = this.peek();
    if (token.kind !== 'keyword' && !(token.kind === 'punct' && token.text === ':')) return operand;
    if (token.text === 'not') {
      const following = this.peek(1);
      if (following.kind === 'keyword' && (following.text === 'in' || following.text === 'in~')) {
        this.next();
        return this.parseIn(operand, true);
      }
      if (PATTERN_OPS.has(following.text) && (following.kind === 'keyword' || following.kind === 'punct')) {
        this.failAt(
          `"not" cannot come before "${following.text}"; write it as not (field ${following.text} …)`,
          token.start,
          following.end,
        );
      }
      return operand;
    }
    if (token.text === 'in' || token.text === 'in~') return this.parseIn(operand, false);
    if (PATTERN_OPS.has(token.text)) return this.parsePattern(operand);
    return operand;
  }

  private parseIn(operand: Expr, negated: boolean): InExpr {
    const keyword = this.next();
    const open = this.expectPunct('(', `after "${keyword.text}"`);
    if (this.isPunct(')')) {
      this.failAt(`an "${keyword.text}" list cannot be empty`, open.start, this.peek().end);
    }
    const values = this.parseList();
    this.expectPunct(')', `to close the "${keyword.text}" list`);
    return {
      kind: 'in',
      operand,
      values,
      negated,
      caseInsensitive: keyword.text === 'in~',
      span: this.span(operand.span.start),
    };
  }

  private parsePattern(operand: Expr): PatternExpr {
    const token = this.next();
    const op = token.text.replace('~', '') as PatternExpr['op'];
    let patterns: Expr[];
    if (this.isPunct('(')) {
      const open = this.next();
      if (this.isPunct(')')) this.failAt(`a "${token.text}" list cannot be empty`, open.start, this.peek().end);
      patterns = this.parseList();
      this.expectPunct(')', `to close the "${token.text}" list`);
    } else {
      // Elasticsearch's grammar takes a single constant here; parsing a unary expression lets the checker
      // explain what is wrong with `f : g` or `f : -1` instead of failing with a bare syntax error.
      patterns = [this.parseUnaryOperand(token)];
    }
    return {
      kind: 'pattern',
      op,
      operand,
      patterns,
      caseInsensitive: op === ':' || token.text.endsWith('~'),
      span: this.span(operand.span.start),
    };
  }

  private parseUnaryOperand(after: Token): Expr {
    if (this.isPunct('-') || this.isPunct('+')) {
      const token = this.next();
      const operand = this.nested(() => this.parseUnaryOperand(token));
      return { kind: 'unary', op: token.text as '-' | '+', operand, span: this.span(token.start) };
    }
    return this.parsePrimary(after);
  }

  /** `e (, e)*` — the inside of an `in (…)` or pattern list, or of call arguments. */
  private parseList(): Expr[] {
    const items = [this.parseExpression()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.parseExpression());
    }
    return items;
  }

  protected parsePrimary(after?: Token): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.next();
        return literal(token.value, token);
      case 'number':
        this.next();
        return literal(parseNumber(token.text), token);
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') {
          this.next();
          return literal(token.text === 'true', token);
        }
        if (token.text === 'null') {
          this.next();
          return literal(null, token);
        }
        break;
      case 'identifier':
        if (this.isPunct('(', 1)) return this.parseCall();
        return this.parseField();
      case 'tildeIdentifier':
        if (this.isPunct('(', 1)) return this.parseCall();
        this.pos += 1;
        this.failExpected('"("', `after the function name "${token.text}"`);
        break;
      case 'quotedIdentifier':
        return this.parseField();
      case 'punct':
        if (token.text === '(') {
          this.next();
          const inner = this.parseExpression();
          this.expectPunct(')', 'to close "("');
          return inner;
        }
        if (token.text === '?') return this.parseField();
        break;
      case 'eof':
        break;
    }
    const context = after === undefined ? undefined : `after "${shorten(after.text)}"`;
    return this.failExpected('an expression', context);
  }

  private parseCall(): CallExpr {
    const nameToken = this.next();
    this.next(); // (
    const caseInsensitive = nameToken.kind === 'tildeIdentifier';
    const written = caseInsensitive ? nameToken.text.slice(0, -1) : nameToken.text;
    const args = this.isPunct(')') ? [] : this.parseList();
    this.expectPunct(')', `to close the arguments of ${written}()`);
    return {
      kind: 'call',
      name: canonicalFunctionName(written),
      caseInsensitive,
      args,
      span: this.span(nameToken.start),
    };
  }

  /** `?`? name (`.` name)*, where a name is an identifier or a backticked name. */
  private parseField(): FieldExpr {
    const start = this.peek().start;
    const optional = this.isPunct('?');
    if (optional) this.next();
    const segments = [this.fieldSegment(optional ? 'after "?"' : undefined)];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        segments.push(this.fieldSegment(`after "${segments.join('.')}."`));
        continue;
      }
      const token = this.peek();
      if (token.kind === 'number' && token.text.startsWith('.')) {
        // `a.0` lexes as `a` then the number `.0` (as in Elasticsearch): say how to write it.
        this.failAt(
          `a field name part cannot start with a digit: quote it with backticks, e.g. ${segments.join('.')}.\`${token.text.slice(1)}\``,
          token.start,
          token.end,
        );
      }
      if (token.kind === 'punct' && token.text === '[' && this.peek(1).kind === 'number') {
        this.failAt('array indexes (field[0]) are not supported in EQL', token.start, this.peek(2).end);
      }
      break;
    }
    return { kind: 'field', name: segments.join('.'), optional, span: this.span(start) };
  }

  private fieldSegment(context?: string): string {
    const token = this.peek();
    if (token.kind === 'identifier' || token.kind === 'quotedIdentifier') {
      this.next();
      return token.value;
    }
    if (token.kind === 'keyword') {
      // `event.sequence`: keywords are reserved everywhere, as in Elasticsearch's grammar.
      this.failAt(
        `"${token.text}" is a keyword; write a field name part of that name in backticks: \`${token.text}\``,
        token.start,
        token.end,
      );
    }
    return this.failExpected('a field name', context);
  }

  // Provided by the statement parser: lineage needs the event-filter grammar.
  protected abstract parseEventFilter(): EventQuery;
}

function literal(value: LiteralExpr['value'], token: Token): LiteralExpr {
  return { kind: 'literal', value, raw: token.text, span: { start: token.start, end: token.end } };
}

/**
 * Integers are longs (a too-large one quietly becomes a double, as in Elasticsearch); decimals and
 * exponents are doubles. JavaScript has one number type; `raw` keeps what was written.
 */
function parseNumber(text: string): number {
  return Number(text);
}
