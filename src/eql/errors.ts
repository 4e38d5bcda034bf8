/**
 * Errors of the EQL front end. Each one points at the query text: the data holds the position, the
 * message is rendered from it as STYLE.md §4 shows —
 *
 * ```
 * expected an expression after "and", found "or" at 1:44
 *   1 | process where process.name : "cmd.exe" and or user.id == 0
 *     |                                            ^^
 * ```
 *
 * (the CLI prefixes the code: `ERR_EQL_SYNTAX: expected …`).
 */
import { AppError, type ErrorCode } from '../errors.js';

/** Where and what went wrong in a query; the plain data every EQL error carries. */
export interface EqlErrorData {
  /** The headline without the position, e.g. `expected an expression after "and", found "or"`. */
  readonly reason: string;
  /** 1-based line of the offending text. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) of the offending text. */
  readonly column: number;
  /** 0-based offset of the offending text in `query`. */
  readonly offset: number;
  /** Length of the offending text (at least 1 for rendering; 0 means "end of query"). */
  readonly length: number;
  /** What the parser expected there, when it is a syntax error. */
  readonly expected?: string;
  /** What it found instead (`end of query` at the end). */
  readonly found?: string;
  /** The whole query text. */
  readonly query: string;
  /** Which rule the query belongs to, when it came from a rule file (`"name" (file)`). */
  readonly rule?: string;
}

/** What a thrower provides; line and column are computed from the offset. */
export interface EqlErrorInput {
  readonly reason: string;
  readonly query: string;
  readonly offset: number;
  readonly length: number;
  readonly expected?: string;
  readonly found?: string;
  readonly rule?: string;
}

/**
 * Base of the three EQL error kinds. Not exported as a constructor users call directly: throw one of
 * the subclasses.
 */
export abstract class EqlError extends AppError {
  /** The typed form of `data`. */
  readonly details: EqlErrorData;

  protected constructor(code: ErrorCode, input: EqlErrorInput, options?: { cause?: unknown }) {
    const details = toErrorData(input);
    super(code, formatEqlError(details), details as unknown as Record<string, unknown>, options);
    this.details = details;
  }

  /**
   * The same error, attributed to a rule (`rule` is rendered before the reason, e.g.
   * `"SSH Key Generated" (rules/x.toml)`). The original is kept as `cause`.
   */
  abstract inRule(rule: string): EqlError;
}

/** A query that does not follow the grammar (code `ERR_EQL_SYNTAX`), including the lexer's errors. */
export class EqlSyntaxError extends EqlError {
  constructor(input: EqlErrorInput, options?: { cause?: unknown }) {
    super('ERR_EQL_SYNTAX', input, options);
    this.name = 'EqlSyntaxError';
  }

  /** {@inheritDoc EqlError.inRule} */
  inRule(rule: string): EqlSyntaxError {
    return new EqlSyntaxError({ ...this.details, rule }, { cause: this });
  }
}

/**
 * A query that parses but Elasticsearch would refuse (code `ERR_EQL_SEMANTIC`): unknown function, wrong
 * arity or argument type, a field compared with a field, an unsupported pipe, …
 */
export class EqlSemanticError extends EqlError {
  constructor(input: EqlErrorInput, options?: { cause?: unknown }) {
    super('ERR_EQL_SEMANTIC', input, options);
    this.name = 'EqlSemanticError';
  }

  /** {@inheritDoc EqlError.inRule} */
  inRule(rule: string): EqlSemanticError {
    return new EqlSemanticError({ ...this.details, rule }, { cause: this });
  }
}

/**
 * A valid query that this engine does not execute (code `ERR_EQL_UNSUPPORTED`): the message names the
 * construct (`sequence queries are not supported by match: …`), so nothing silently matches nothing.
 */
export class EqlUnsupportedError extends EqlError {
  constructor(input: EqlErrorInput, options?: { cause?: unknown }) {
    super('ERR_EQL_UNSUPPORTED', input, options);
    this.name = 'EqlUnsupportedError';
  }

  /** {@inheritDoc EqlError.inRule} */
  inRule(rule: string): EqlUnsupportedError {
    return new EqlUnsupportedError({ ...this.details, rule }, { cause: this });
  }
}

/** True for any of the three EQL errors. */
export function isEqlError(error: unknown): error is EqlError {
  return error instanceof EqlError;
}

/**
 * Renders an EQL error: the headline with `line:column`, then the offending line with its number and a
 * caret run under the offending text. Tabs in the line are kept in the caret line's padding so the
 * carets stay aligned in a terminal.
 */
export function formatEqlError(data: EqlErrorData): string {
  const where = data.rule === undefined ? '' : `rule ${data.rule}: `;
  const headline = `${where}${data.reason} at ${data.line}:${data.column}`;
  const lines = data.query.split('\n');
  const text = (lines[data.line - 1] ?? '').replace(/\r$/, '');
  const number = String(data.line);
  const before = text.slice(0, data.column - 1).replace(/[^\t]/g, ' ');
  // A caret run never passes the end of the line (multi-line spans show their first line only).
  const room = Math.max(1, text.length - (data.column - 1));
  const carets = '^'.repeat(Math.max(1, Math.min(data.length, room)));
  return `${headline}\n  ${number} | ${text}\n  ${' '.repeat(number.length)} | ${before}${carets}`;
}

/** 1-based line and column of `offset` in `text`. */
export function locate(text: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: clamped - lineStart + 1 };
}

function toErrorData(input: EqlErrorInput): EqlErrorData {
  const { line, column } = locate(input.query, input.offset);
  return {
    reason: input.reason,
    line,
    column,
    offset: input.offset,
    length: input.length,
    ...(input.expected === undefined ? {} : { expected: input.expected }),
    ...(input.found === undefined ? {} : { found: input.found }),
    query: input.query,
    ...(input.rule === undefined ? {} : { rule: input.rule }),
  };
}
