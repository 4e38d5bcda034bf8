/**
 * `parseEql`: EQL text → {@link Statement}. The whole grammar of EQL-SEMANTICS.md §1 plus what the
 * detection-rules corpus uses: event queries, `sequence` (with `by`, `maxspan`, `runs`, missing events
 * `![…]`, `until`), `sample`, `join`, lineage, and pipes (every pipe is parsed; the checker refuses all
 * but `head`/`tail`). Sequence/sample/join/lineage are parsed so that errors can name them.
 */
import type { EventQuery, Expr, JoinQuery, Pipe, Query, SampleQuery, SequenceQuery, Stage, Statement, TimeSpan } from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import { tokenize } from './lexer.js';

const TIME_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'm', 'h', 'd']);

/**
 * Parses an EQL statement (a query and its pipes).
 * @throws EqlSyntaxError (`ERR_EQL_SYNTAX`) with the position, what was expected and what was found.
 */
export function parseEql(source: string): Statement {
  return new StatementParser(source).parseStatement();
}

/**
 * Parses a bare EQL expression (`length("abc") == 3`), as Elasticsearch's `createExpression` does — used
 * for the function tables of the ES QA suite and for tests.
 * @throws EqlSyntaxError (`ERR_EQL_SYNTAX`).
 */
export function parseEqlExpression(source: string): Expr {
  const parser = new StatementParser(source);
  const expr = parser.parseExpression();
  parser.expectEnd('an operator or end of expression');
  return expr;
}

class StatementParser extends ExpressionParser {
  constructor(source: string) {
    super(source, tokenize(source));
  }

  parseStatement(): Statement {
    const query = this.parseQuery();
    const pipes: Pipe[] = [];
    while (this.isPunct('|')) pipes.push(this.parsePipe());
    this.expectEnd(query.kind === 'event' ? '"and", "or", "|" or end of query' : '"|" or end of query');
    return { query, pipes, source: this.source };
  }

  expectEnd(expected: string): void {
    if (this.peek().kind !== 'eof') this.failExpected(expected, '');
  }

  private parseQuery(): Query {
    if (this.isKeyword('sequence')) return this.parseSequence();
    if (this.isKeyword('sample')) return this.parseSample();
    if (this.isKeyword('join')) return this.parseJoin();
    return this.parseEventFilter();
  }

  /** `(category | any) where condition`; a category is an identifier or a string, never backticked. */
  protected parseEventFilter(): EventQuery {
    const token = this.peek();
    let category: string | null;
    if (token.kind === 'keyword' && token.text === 'any') category = null;
    else if (token.kind === 'identifier' || token.kind === 'string') category = token.value;
    else if (token.kind === 'quotedIdentifier') {
      // Elasticsearch's grammar (eventValue : STRING | IDENTIFIER) refuses it [qa].
      this.failAt(
        `an event category cannot be a backticked name; write it as an identifier or a string: "${token.value}"`,
        token.start,
        token.end,
      );
    } else {
      this.failExpected('an event category (e.g. process, file, any) or sequence, sample, join', '');
    }
    this.next();
    this.expectKeyword('where', 'after the event category');
    const condition = this.parseExpression();
    return { kind: 'event', category, condition, span: this.span(token.start) };
  }

  private parseSequence(): SequenceQuery {
    const start = this.next().start;
    let by: Expr[] = [];
    let maxspan: TimeSpan | null = null;
    if (this.isKeyword('by')) {
      by = this.parseJoinKeys();
      if (this.isKeyword('with')) maxspan = this.parseMaxspan();
    } else if (this.isKeyword('with')) {
      maxspan = this.parseMaxspan();
      if (this.isKeyword('by')) {
        const token = this.peek();
        this.failAt(
          'put "by" before "with maxspan": sequence by key with maxspan=… [ … ]',
          token.start,
          token.end,
        );
      }
    }
    const stages = this.parseStages({ missing: true, runs: true }, 'sequence');
    const until = this.parseUntil({ missing: false, runs: false });
    return { kind: 'sequence', by, maxspan, stages, until, span: this.span(start) };
  }

  private parseSample(): SampleQuery {
    const start = this.next().start;
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    const stages = this.parseStages({ missing: false, runs: false }, 'sample');
    return { kind: 'sample', by, stages, span: this.span(start) };
  }

  private parseJoin(): JoinQuery {
    const start = this.next().start;
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    const stages = this.parseStages({ missing: false, runs: false }, 'join');
    const until = this.parseUntil({ missing: false, runs: false });
    return { kind: 'join', by, stages, until, span: this.span(start) };
  }

  private parseUntil(allow: StageOptions): Stage | null {
    if (!this.isKeyword('until')) return null;
    this.next();
    if (!this.isPunct('[')) this.failExpected('"[" to start the until query', '');
    return this.parseStage(allow);
  }

  private parseStages(allow: StageOptions, kind: string): Stage[] {
    const stages: Stage[] = [];
    while (this.isPunct('[') || this.isPunct('![')) stages.push(this.parseStage(allow));
    if (stages.length === 0) this.failExpected(`"[" to start the first ${kind} query`, '');
    return stages;
  }

  /** `[query] [by keys] [with runs=N]`, or a missing event `![query]` (sequences only). */
  private parseStage(allow: StageOptions): Stage {
    const open = this.next();
    const missing = open.text === '![';
    if (missing && !allow.missing) {
      this.failAt('missing events ![…] are only allowed in a sequence', open.start, open.end);
    }
    const query = this.parseEventFilter();
    this.expectPunct(']', 'to close the query');
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    let runs: number | null = null;
    if (this.isKeyword('with')) {
      const withToken = this.next();
      const key = this.peek();
      if (key.kind !== 'identifier' || key.text !== 'runs') {
        if (key.kind === 'keyword' && key.text === 'maxspan') {
          this.failAt('"with maxspan" goes right after "sequence [by …]", before the first query', withToken.start, key.end);
        }
        this.failExpected('"runs"', 'after "with"');
      }
      if (!allow.runs) this.failAt('"with runs" is only allowed on a sequence query', withToken.start, key.end);
      this.next();
      this.expectPunct('=', 'after "runs"');
      const value = this.peek();
      if (value.kind !== 'number' || !/^[0-9]+$/.test(value.text)) this.failExpected('an integer', 'after "runs="');
      this.next();
      runs = Number(value.text);
    }
    return { query, by, runs, missing, span: this.span(open.start) };
  }

  private parseJoinKeys(): Expr[] {
    this.next(); // by
    const keys = [this.parseExpression()];
    while (this.isPunct(',')) {
      this.next();
      keys.push(this.parseExpression());
    }
    return keys;
  }

  /** `with maxspan=N[unit]` (units ms, s, m, h, d; none means milliseconds). */
  private parseMaxspan(): TimeSpan {
    this.next(); // with
    this.expectKeyword('maxspan', 'after "with"');
    this.expectPunct('=', 'after "maxspan"');
    const number = this.peek();
    if (number.kind !== 'number') this.failExpected('a number', 'after "maxspan="');
    this.next();
    let unit: TimeSpan['unit'] = null;
    const unitToken = this.peek();
    // The unit is the identifier right after the number (`5m`, or `5 m` as Elasticsearch allows).
    if (unitToken.kind === 'identifier') {
      if (!TIME_UNITS.has(unitToken.text)) {
        this.failAt(
          `unknown time unit "${unitToken.text}" in maxspan; use one of ms, s, m, h, d`,
          unitToken.start,
          unitToken.end,
        );
      }
      this.next();
      unit = unitToken.text as TimeSpan['unit'];
    }
    return { value: Number(number.text), unit, span: this.span(number.start) };
  }

  /** `| name [arg, …]`. */
  private parsePipe(): Pipe {
    const bar = this.next();
    const name = this.peek();
    if (name.kind !== 'identifier') this.failExpected('a pipe name (head, tail)', 'after "|"');
    this.next();
    const args: Expr[] = [];
    if (!this.isPunct('|') && this.peek().kind !== 'eof') {
      args.push(this.parseExpression());
      while (this.isPunct(',')) {
        this.next();
        args.push(this.parseExpression());
      }
    }
    return { name: name.text, args, span: this.span(bar.start) };
  }
}

interface StageOptions {
  readonly missing: boolean;
  readonly runs: boolean;
}
