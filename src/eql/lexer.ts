/**
 * The EQL lexer (EQL-SEMANTICS.md §1, Elasticsearch's `EqlBase.g4`): turns a query into tokens, skipping
 * whitespace and `//` / nestable `/* … *\/` comments, and reports the lexical mistakes users actually
 * make (single quotes, `?"…"`, a bad escape) with the message Elasticsearch gives and a caret.
 */
import { EqlSyntaxError } from './errors.js';

/** What kind of token. Keywords are lowercase only: `AND` is an identifier. */
export type TokenKind =
  | 'identifier' // process, @timestamp, _id
  | 'tildeIdentifier' // startsWith~ (a function name with its case-insensitive marker)
  | 'quotedIdentifier' // `my-field` (value: the unquoted name)
  | 'keyword' // and, in~, like~, sequence, …
  | 'string' // "…" or """…""" (value: the unescaped text)
  | 'number' // 42, 1.5, 1e3, .5
  | 'punct' // == != < <= > >= = : + - * / % . , [ ] ( ) | ![ ?
  | 'eof';

/** One token. `text` is the source slice; `value` is the meaning (unescaped string, unquoted name). */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value: string;
  /** Offset of the first character in the query. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

/** The reserved words of EQL (`EqlBase.g4`). They cannot be field names unless backticked. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'any',
  'by',
  'false',
  'in',
  'in~',
  'join',
  'like',
  'like~',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'regex~',
  'sample',
  'sequence',
  'true',
  'until',
  'where',
  'with',
]);

const TWO_CHAR_PUNCT = new Set(['==', '!=', '<=', '>=', '![']);
const ONE_CHAR_PUNCT = new Set(['<', '>', '=', ':', '+', '-', '*', '/', '%', '.', ',', '[', ']', '(', ')', '|', '?']);
/** Escapes allowed after a backslash in a `"…"` string, and what they mean. */
const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * Splits `source` into tokens, ending with one `eof` token.
 * @throws EqlSyntaxError (`ERR_EQL_SYNTAX`) on a character or literal the grammar does not allow.
 */
export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

/** True for a plain identifier (`[A-Za-z_@][A-Za-z0-9_]*`) that is not a keyword: needs no backticks. */
export function isPlainIdentifier(name: string): boolean {
  return /^[A-Za-z_@][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly source: string) {}

  run(): Token[] {
    const s = this.source;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= s.length) break;
      const start = this.pos;
      const c = s[start]!;
      if (isLetter(c) || c === '_' || c === '@') this.word(start);
      else if (isDigit(c) || (c === '.' && isDigit(s[start + 1] ?? ''))) this.number(start);
      else if (c === '"') this.string(start);
      else if (c === '`') this.quotedIdentifier(start);
      else if (c === "'") this.singleQuoted(start);
      else if (c === '?' && (s[start + 1] === '"' || s[start + 1] === "'")) this.questionQuoted(start);
      else this.punct(start);
    }
    this.tokens.push({ kind: 'eof', text: '', value: '', start: s.length, end: s.length });
    return this.tokens;
  }

  private push(kind: TokenKind, start: number, value?: string): void {
    const text = this.source.slice(start, this.pos);
    this.tokens.push({ kind, text, value: value ?? text, start, end: this.pos });
  }

  private fail(reason: string, offset: number, length: number): never {
    throw new EqlSyntaxError({ reason, query: this.source, offset, length });
  }

  private skipTrivia(): void {
    const s = this.source;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.pos += 1;
      } else if (c === '/' && s[this.pos + 1] === '/') {
        const end = s.indexOf('\n', this.pos);
        this.pos = end === -1 ? s.length : end + 1;
      } else if (c === '/' && s[this.pos + 1] === '*') {
        this.blockComment();
      } else {
        return;
      }
    }
  }

  /** `/* … *\/`, nestable as in Elasticsearch's grammar (`BRACKETED_COMMENT` recurses). */
  private blockComment(): void {
    const s = this.source;
    const opened = this.pos;
    let depth = 0;
    while (this.pos < s.length) {
      if (s.startsWith('/*', this.pos)) {
        depth += 1;
        this.pos += 2;
      } else if (s.startsWith('*/', this.pos)) {
        depth -= 1;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        this.pos += 1;
      }
    }
    this.fail('unterminated comment: "/*" has no matching "*/"', opened, 2);
  }

  private word(start: number): void {
    const s = this.source;
    this.pos += 1;
    while (this.pos < s.length && isWordChar(s[this.pos]!)) this.pos += 1;
    // `in~`, `like~`, `regex~` are keywords; `startsWith~` is a function name (TILDE_IDENTIFIER starts
    // with a letter, so `_x~` and `@x~` are not one).
    if (s[this.pos] === '~' && isLetter(s[start]!)) {
      this.pos += 1;
      const text = s.slice(start, this.pos);
      this.push(KEYWORDS.has(text) ? 'keyword' : 'tildeIdentifier', start);
      return;
    }
    const text = s.slice(start, this.pos);
    this.push(KEYWORDS.has(text) ? 'keyword' : 'identifier', start);
  }

  /** INTEGER_VALUE / DECIMAL_VALUE: `12`, `1.`, `1.5`, `.5`, `1e3`, `1.5E-3`. */
  private number(start: number): void {
    const s = this.source;
    while (isDigit(s[this.pos] ?? '')) this.pos += 1;
    if (s[this.pos] === '.') {
      this.pos += 1;
      while (isDigit(s[this.pos] ?? '')) this.pos += 1;
    }
    if (s[this.pos] === 'e' || s[this.pos] === 'E') {
      let p = this.pos + 1;
      if (s[p] === '+' || s[p] === '-') p += 1;
      if (isDigit(s[p] ?? '')) {
        while (isDigit(s[p] ?? '')) p += 1;
        this.pos = p;
      }
    }
    this.push('number', start);
  }

  private string(start: number): void {
    if (this.source.startsWith('"""', start)) this.rawString(start);
    else this.escapedString(start);
  }

  /**
   * `"""…"""`: no escapes, no newline; the first `"""` closes it, and up to two more `"` right after are
   * part of the value (`""""a""""` is `"a"`), as in Elasticsearch's lexer.
   */
  private rawString(start: number): void {
    const s = this.source;
    const close = s.indexOf('"""', start + 3);
    const newline = indexOfNewline(s, start + 3);
    if (close === -1 || (newline !== -1 && newline < close)) {
      const end = newline === -1 ? s.length : newline;
      this.fail('unterminated raw string: """ has no closing """ on the same line', start, end - start);
    }
    let end = close + 3;
    for (let extra = 0; extra < 2 && s[end] === '"'; extra += 1) end += 1;
    this.pos = end;
    this.push('string', start, s.slice(start + 3, end - 3));
  }

  private escapedString(start: number): void {
    const s = this.source;
    let value = '';
    this.pos = start + 1;
    for (;;) {
      if (this.pos >= s.length || s[this.pos] === '\n' || s[this.pos] === '\r') {
        this.fail(
          'unterminated string: a string ends with " on the same line (write a newline as \\n)',
          start,
          this.pos - start,
        );
      }
      const c = s[this.pos]!;
      if (c === '"') {
        this.pos += 1;
        break;
      }
      if (c !== '\\') {
        value += c;
        this.pos += 1;
        continue;
      }
      const next = s[this.pos + 1] ?? '';
      const simple = ESCAPES[next];
      if (simple !== undefined) {
        value += simple;
        this.pos += 2;
      } else if (next === 'u') {
        value += this.unicodeEscape();
      } else {
        this.fail(
          `invalid escape sequence "\\${next}" in a string; use one of \\b \\t \\n \\f \\r \\" \\' \\\\ \\u{XX…}, ` +
            'or a raw string """…""" that takes no escapes',
          this.pos,
          next === '' ? 1 : 2,
        );
      }
    }
    this.push('string', start, value);
  }

  /** `\u{XX…}`: 2–8 hex digits, a valid code point, not a surrogate. */
  private unicodeEscape(): string {
    const s = this.source;
    const at = this.pos;
    if (s[at + 2] !== '{') {
      this.fail('invalid unicode escape: write it as \\u{XX…} with 2 to 8 hex digits', at, 2);
    }
    let p = at + 3;
    while (p < s.length && /[0-9A-Fa-f]/.test(s[p]!)) p += 1;
    if (s[p] !== '}') {
      this.fail('invalid unicode escape: write it as \\u{XX…} with 2 to 8 hex digits', at, p - at);
    }
    const hex = s.slice(at + 3, p);
    const escape = s.slice(at, p + 1);
    if (hex.length < 2 || hex.length > 8) {
      this.fail(`unicode sequence should use 2 to 8 hex digits, ${escape} has ${hex.length}`, at, escape.length);
    }
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) {
      this.fail(`invalid unicode character code ${hex}: beyond U+10FFFF`, at, escape.length);
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      this.fail(`invalid unicode character code ${hex}: a surrogate code`, at, escape.length);
    }
    this.pos = p + 1;
    return String.fromCodePoint(code);
  }

  /** `` `name` ``; a backtick inside is doubled (```` `a``b` ```` is ``a`b``). */
  private quotedIdentifier(start: number): void {
    const s = this.source;
    let value = '';
    let p = start + 1;
    for (;;) {
      if (p >= s.length) this.fail('unterminated quoted name: ` has no closing `', start, p - start);
      if (s[p] === '`') {
        if (s[p + 1] === '`') {
          value += '`';
          p += 2;
          continue;
        }
        p += 1;
        break;
      }
      value += s[p];
      p += 1;
    }
    this.pos = p;
    this.push('quotedIdentifier', start, value);
  }

  private singleQuoted(start: number): void {
    this.fail(`use double quotes ["] to define string literals, not single quotes [']`, start, this.quotedLength(start, 1));
  }

  private questionQuoted(start: number): void {
    const quote = this.source[start + 1]!;
    this.fail(
      `use triple double quotes ["""] to define unescaped string literals, not [?${quote}]`,
      start,
      this.quotedLength(start, 2),
    );
  }

  /** Length of an old-style quoted literal from `start` (for the caret), stopping at the line's end. */
  private quotedLength(start: number, skip: number): number {
    const s = this.source;
    const quote = s[start + skip - 1]!;
    let p = start + skip;
    while (p < s.length && s[p] !== quote && s[p] !== '\n') p += s[p] === '\\' ? 2 : 1;
    return Math.min(p + 1, s.length) - start;
  }

  private punct(start: number): void {
    const s = this.source;
    const two = s.slice(start, start + 2);
    if (two === '!:') {
      this.fail('"!:" is not an EQL operator; write not field : "value"', start, 2);
    }
    if (two === '||' || two === '&&') {
      this.fail(`unexpected "${two}"; ${PUNCT_HINTS[two]!}`, start, 2);
    }
    if (TWO_CHAR_PUNCT.has(two)) {
      this.pos += 2;
      this.push('punct', start);
      return;
    }
    const c = s[start]!;
    if (ONE_CHAR_PUNCT.has(c)) {
      this.pos += 1;
      this.push('punct', start);
      return;
    }
    const hint = PUNCT_HINTS[c];
    const shown = String.fromCodePoint(s.codePointAt(start)!);
    this.fail(`unexpected character "${shown}"${hint === undefined ? '' : `; ${hint}`}`, start, shown.length);
  }
}

/** What users coming from other query languages type, and what EQL wants instead. */
const PUNCT_HINTS: Readonly<Record<string, string>> = {
  '&&': 'use "and"',
  '||': 'use "or"',
  '!': 'use "not" (or "!=")',
  '~': '"~" only follows a function name (startsWith~) or in, like, regex',
  '&': 'use "and"',
};

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isWordChar(c: string): boolean {
  return isLetter(c) || isDigit(c) || c === '_';
}

function indexOfNewline(s: string, from: number): number {
  const n = s.indexOf('\n', from);
  const r = s.indexOf('\r', from);
  if (n === -1) return r;
  if (r === -1) return n;
  return Math.min(n, r);
}
