/**
 * The token cursor under the EQL parser: look-ahead, expectations, and syntax errors that say what was
 * expected, after what, and what was found (`expected an expression after "and", found "or"`).
 */
import type { Span } from './ast.js';
import { EqlSyntaxError } from './errors.js';
import { KEYWORDS, type Token } from './lexer.js';

/** A cursor over the tokens of one query; the parsers extend it. */
export abstract class TokenCursor {
  protected pos = 0;

  protected constructor(
    protected readonly source: string,
    protected readonly tokens: readonly Token[],
  ) {}

  /** The token `ahead` positions on (the `eof` token past the end). */
  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  /** Consumes and returns the current token (never moves past `eof`). */
  protected next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos += 1;
    return token;
  }

  /** The token before the current one (for "after …" in messages). */
  protected previous(): Token | undefined {
    return this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
  }

  protected isKeyword(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && token.text === text;
  }

  protected isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  protected expectPunct(text: string, context?: string): Token {
    if (!this.isPunct(text)) this.failExpected(`"${text}"`, context);
    return this.next();
  }

  protected expectKeyword(text: string, context?: string): Token {
    if (!this.isKeyword(text)) this.failExpected(`"${text}"`, context);
    return this.next();
  }

  protected span(start: number, end = this.previous()?.end ?? start): Span {
    return { start, end };
  }

  /**
   * Throws `expected <expected> [after "<previous token>"], found <current token>` pointing at the current
   * token. `context` replaces the automatic `after "…"` when given.
   */
  protected failExpected(expected: string, context?: string): never {
    const token = this.peek();
    const prev = this.previous();
    const after = context ?? (prev === undefined ? '' : `after "${shorten(prev.text)}"`);
    const found = describeToken(token);
    throw new EqlSyntaxError({
      reason: `expected ${expected}${after === '' ? '' : ` ${after}`}, found ${found}${keywordHint(token)}`,
      query: this.source,
      offset: token.start,
      length: token.end - token.start,
      expected,
      found,
    });
  }

  /** Throws a syntax error with a custom reason pointing at `token` (or an explicit range). */
  protected failAt(reason: string, start: number, end: number): never {
    throw new EqlSyntaxError({ reason, query: this.source, offset: start, length: end - start });
  }
}

/** How a token is named in a message: `"or"`, or `end of query`. */
export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'end of query';
  return `"${shorten(token.text)}"`;
}

/** The first line of `text`, cut to 40 characters, for quoting in a message. */
export function shorten(text: string): string {
  const firstLine = text.split('\n')[0]!;
  return firstLine.length > 40 ? `${firstLine.slice(0, 39)}…` : firstLine;
}

/** `AND` is an identifier (keywords are lowercase only): point that out when it explains the error. */
function keywordHint(token: Token): string {
  if (token.kind !== 'identifier') return '';
  const lower = token.text.toLowerCase();
  if (KEYWORDS.has(lower) && lower !== token.text) return ` (keywords are lowercase: "${lower}")`;
  return '';
}
