/**
 * Lucene regular expressions (the `regexp` query that EQL's `regex`/`regex~` become, EQL-SEMANTICS.md §5).
 *
 * Parsed exactly as Lucene's `RegExp` with the syntax flags Elasticsearch uses (`RegExp.ALL`: `&`
 * intersection, `~` complement, `#` empty language, `@` any string, `<n-m>` numeric intervals), plus the
 * `\d \D \s \S \w \W` classes and the backslash rules of Lucene 9+. Matching is anchored at both ends
 * and works on code points; `.` matches newline. `regex~` folds ASCII letters of literal characters
 * (not of ranges), as Lucene's `ASCII_CASE_INSENSITIVE` does.
 *
 * Two executions of one parse tree:
 * - {@link compileLuceneRegex} translates to a JS RegExp `^(?:…)$` with the `su` flags when the
 *   pattern uses only constructs JS has, and otherwise (`&`, `~`, `<n-m>`) runs the tree directly;
 * - {@link matchLuceneRegex} always runs the tree with a plain backtracking matcher (the reference the
 *   interpreter uses; exponential in the worst case, fine for a reference).
 */
import { AppError } from '../errors.js';

/** A regex pattern that Lucene would refuse (ES answers the query with an error). */
export class RegexError extends AppError {
  constructor(pattern: string, position: number, reason: string) {
    super('ERR_MATCH_REGEX', `invalid regex ${JSON.stringify(pattern)} at position ${position}: ${reason}`, {
      pattern,
      position,
      reason,
    });
    this.name = 'RegexError';
  }
}

/** A node of a parsed Lucene regex. Characters are code points. */
export type RegexNode =
  | { readonly t: 'union'; readonly a: RegexNode; readonly b: RegexNode }
  | { readonly t: 'concat'; readonly items: readonly RegexNode[] }
  | { readonly t: 'inter'; readonly a: RegexNode; readonly b: RegexNode }
  | { readonly t: 'repeat'; readonly e: RegexNode; readonly min: number; readonly max: number | null }
  | { readonly t: 'compl'; readonly e: RegexNode }
  | { readonly t: 'char'; readonly c: number }
  | { readonly t: 'range'; readonly from: number; readonly to: number }
  | { readonly t: 'pre'; readonly c: string }
  | { readonly t: 'class'; readonly negate: boolean; readonly items: readonly RegexNode[] }
  | { readonly t: 'any' }
  | { readonly t: 'anystring' }
  | { readonly t: 'empty' }
  | { readonly t: 'interval'; readonly min: number; readonly max: number; readonly digits: number };

/**
 * Parses a Lucene regex.
 *
 * @throws {RegexError} `ERR_MATCH_REGEX` with the position for what Lucene refuses: unbalanced
 *   brackets, a dangling `\`, `\` before a letter that is not a class, a reversed range, named automata.
 */
export function parseLuceneRegex(pattern: string): RegexNode {
  return new Parser(pattern).parse();
}

class Parser {
  private pos = 0;
  constructor(private readonly s: string) {}

  parse(): RegexNode {
    if (this.s.length === 0) return { t: 'concat', items: [] };
    const e = this.union();
    if (this.pos < this.s.length) this.fail('end of pattern expected (unbalanced ")"?)');
    return e;
  }

  private fail(reason: string, at = this.pos): never {
    throw new RegexError(this.s, at, reason);
  }
  private more(): boolean {
    return this.pos < this.s.length;
  }
  private peek(chars: string): boolean {
    return this.more() && chars.includes(String.fromCodePoint(this.s.codePointAt(this.pos)!));
  }
  private match(ch: string): boolean {
    if (this.more() && this.s.codePointAt(this.pos) === ch.codePointAt(0)) {
      this.pos += ch.length;
      return true;
    }
    return false;
  }
  private next(): number {
    if (!this.more()) this.fail('unexpected end of pattern');
    const c = this.s.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private union(): RegexNode {
    const e = this.inter();
    return this.match('|') ? { t: 'union', a: e, b: this.union() } : e;
  }
  private inter(): RegexNode {
    const e = this.concat();
    return this.match('&') ? { t: 'inter', a: e, b: this.inter() } : e;
  }
  private concat(): RegexNode {
    const items: RegexNode[] = [];
    do items.push(this.repeat());
    while (this.more() && !this.peek(')|&'));
    return items.length === 1 ? items[0]! : { t: 'concat', items };
  }
  private repeat(): RegexNode {
    let e = this.compl();
    while (this.peek('?*+{')) {
      if (this.match('?')) e = { t: 'repeat', e, min: 0, max: 1 };
      else if (this.match('*')) e = { t: 'repeat', e, min: 0, max: null };
      else if (this.match('+')) e = { t: 'repeat', e, min: 1, max: null };
      else if (this.match('{')) {
        const n = this.integer();
        let m: number | null = n;
        if (this.match(',')) m = this.peek('0123456789') ? this.integer() : null;
        if (!this.match('}')) this.fail('expected "}"');
        e = { t: 'repeat', e, min: n, max: m };
      }
    }
    return e;
  }
  private integer(): number {
    const start = this.pos;
    while (this.peek('0123456789')) this.next();
    if (start === this.pos) this.fail('integer expected');
    return Number(this.s.slice(start, this.pos));
  }
  private compl(): RegexNode {
    return this.match('~') ? { t: 'compl', e: this.compl() } : this.charClassExp();
  }
  private charClassExp(): RegexNode {
    if (this.match('[')) {
      const negate = this.match('^');
      const items: RegexNode[] = [this.charClass()];
      while (this.more() && !this.peek(']')) items.push(this.charClass());
      if (!this.match(']')) this.fail('expected "]"');
      return { t: 'class', negate, items };
    }
    return this.simple();
  }
  private charClass(): RegexNode {
    const pre = this.predefined();
    if (pre !== null) return pre;
    const c = this.charExp();
    if (this.match('-')) {
      const at = this.pos;
      const to = this.charExp();
      if (c > to) this.fail(`invalid range: from (${c}) cannot be > to (${to})`, at);
      return { t: 'range', from: c, to };
    }
    return { t: 'char', c };
  }
  /** Lucene 9+: `\d \D \s \S \w \W`; `\\`; `\` before any other ASCII letter is an error. */
  private predefined(): RegexNode | null {
    const at = this.pos;
    if (this.match('\\')) {
      if (this.peek('dDwWsS')) return { t: 'pre', c: String.fromCodePoint(this.next()) };
      if (this.peek('\\')) return { t: 'char', c: this.next() };
      if (this.peek('abcefghijklmnopqrtuvxyzABCEFGHIJKLMNOPQRTUVXYZ')) {
        this.fail(`invalid character class \\${String.fromCodePoint(this.next())}`, at);
      }
    }
    return null;
  }
  private simple(): RegexNode {
    if (this.match('.')) return { t: 'any' };
    if (this.match('#')) return { t: 'empty' };
    if (this.match('@')) return { t: 'anystring' };
    if (this.match('"')) {
      const start = this.pos;
      while (this.more() && !this.peek('"')) this.next();
      if (!this.match('"')) this.fail('expected closing \'"\'');
      return { t: 'concat', items: [...this.s.slice(start, this.pos - 1)].map((ch) => ({ t: 'char', c: ch.codePointAt(0)! }) as const) };
    }
    if (this.match('(')) {
      if (this.match(')')) return { t: 'concat', items: [] };
      const e = this.union();
      if (!this.match(')')) this.fail('expected ")"');
      return e;
    }
    if (this.match('<')) {
      const open = this.pos - 1;
      const start = this.pos;
      while (this.more() && !this.peek('>')) this.next();
      if (!this.match('>')) this.fail('expected ">"');
      const body = this.s.slice(start, this.pos - 1);
      const dash = body.indexOf('-');
      if (dash === -1) this.fail(`named automaton <${body}> is not supported`, open);
      const m = /^(\d+)-(\d+)$/.exec(body);
      if (m === null) this.fail('interval syntax error', this.pos - 1);
      const a = Number(m[1]);
      const b = Number(m[2]);
      return { t: 'interval', min: Math.min(a, b), max: Math.max(a, b), digits: m[1]!.length === m[2]!.length ? m[1]!.length : 0 };
    }
    const pre = this.predefined();
    if (pre !== null) return pre;
    return { t: 'char', c: this.charExp() };
  }
  private charExp(): number {
    this.match('\\');
    return this.next();
  }
}

// ───────────────────────────── reference matcher ─────────────────────────────

const PRE_SETS: Record<string, (c: number) => boolean> = {
  d: (c) => c >= 48 && c <= 57,
  D: (c) => !(c >= 48 && c <= 57),
  s: (c) => c === 32 || c === 9 || c === 10 || c === 13,
  S: (c) => !(c === 32 || c === 9 || c === 10 || c === 13),
  w: (c) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57),
  W: (c) => !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57)),
};

function foldCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function inClassItem(item: RegexNode, c: number, ci: boolean): boolean {
  switch (item.t) {
    case 'char':
      return ci ? foldCode(item.c) === foldCode(c) : item.c === c;
    case 'range':
      return c >= item.from && c <= item.to;
    case 'pre':
      return PRE_SETS[item.c]!(c);
    default:
      return false;
  }
}

/**
 * Tests `value` against a parsed regex by direct backtracking over code points (anchored). The
 * reference semantics: slow, simple, and complete (`&`, `~`, intervals included).
 */
export function matchLuceneRegex(node: RegexNode, value: string, caseInsensitive: boolean): boolean {
  const s = [...value].map((ch) => ch.codePointAt(0)!);
  const n = s.length;
  const ci = caseInsensitive;
  const m = (e: RegexNode, i: number, k: (j: number) => boolean): boolean => {
    switch (e.t) {
      case 'char':
        return i < n && (ci ? foldCode(s[i]!) === foldCode(e.c) : s[i] === e.c) && k(i + 1);
      case 'range':
      case 'pre':
        return i < n && inClassItem(e, s[i]!, ci) && k(i + 1);
      case 'class':
        return i < n && e.items.some((it) => inClassItem(it, s[i]!, ci)) !== e.negate && k(i + 1);
      case 'any':
        return i < n && k(i + 1);
      case 'anystring':
        for (let j = n; j >= i; j--) if (k(j)) return true;
        return false;
      case 'empty':
        return false;
      case 'union':
        return m(e.a, i, k) || m(e.b, i, k);
      case 'concat': {
        const step = (idx: number, at: number): boolean => (idx === e.items.length ? k(at) : m(e.items[idx]!, at, (j) => step(idx + 1, j)));
        return step(0, i);
      }
      case 'repeat': {
        const rep = (count: number, at: number): boolean => {
          if (count >= e.min && k(at)) return true;
          if (e.max !== null && count >= e.max) return false;
          // After the minimum, an iteration must consume input (else it loops forever).
          return m(e.e, at, (j) => (j > at || count < e.min) && rep(count + 1, j));
        };
        return rep(0, i);
      }
      case 'compl':
        for (let j = i; j <= n; j++) if (!m(e.e, i, (x) => x === j) && k(j)) return true;
        return false;
      case 'inter':
        for (let j = i; j <= n; j++) if (m(e.a, i, (x) => x === j) && m(e.b, i, (x) => x === j) && k(j)) return true;
        return false;
      case 'interval':
        for (let j = i + 1; j <= n; j++) {
          const digits = s.slice(i, j);
          if (!digits.every((c) => c >= 48 && c <= 57)) break;
          if (e.digits > 0 && digits.length !== e.digits) continue;
          const v = Number(String.fromCodePoint(...digits));
          if (v >= e.min && v <= e.max && k(j)) return true;
        }
        return false;
    }
  };
  return m(node, 0, (j) => j === n);
}

// ───────────────────────────── translation to JS ─────────────────────────────

function jsChar(c: number): string {
  const ch = String.fromCodePoint(c);
  return /^[A-Za-z0-9 _]$/.test(ch) ? ch : `\\u{${c.toString(16)}}`;
}

const PRE_JS: Record<string, string> = {
  d: '[0-9]',
  D: '[^0-9]',
  s: '[ \\t\\n\\r]',
  S: '[^ \\t\\n\\r]',
  w: '[a-zA-Z_0-9]',
  W: '[^a-zA-Z_0-9]',
};

/** JS source for a node, or `null` when it uses a construct JS RegExp lacks. */
function toJs(e: RegexNode, ci: boolean): string | null {
  const lit = (c: number): string => {
    if (ci && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
      const lower = foldCode(c);
      return `[${String.fromCharCode(lower - 32)}${String.fromCharCode(lower)}]`;
    }
    return jsChar(c);
  };
  switch (e.t) {
    case 'char':
      return lit(e.c);
    case 'range':
      return `[${jsChar(e.from)}-${jsChar(e.to)}]`;
    case 'pre':
      return PRE_JS[e.c]!;
    case 'class': {
      const alternatives = e.items.map((it) => (it.t === 'char' ? lit(it.c) : toJs(it, ci)!));
      const group = `(?:${alternatives.join('|')})`;
      return e.negate ? `(?!${group})[^]` : group;
    }
    case 'any':
      return '.';
    case 'anystring':
      return '.*';
    case 'empty':
      return '(?!)';
    case 'union': {
      const a = toJs(e.a, ci);
      const b = toJs(e.b, ci);
      return a === null || b === null ? null : `(?:${a}|${b})`;
    }
    case 'concat': {
      const parts = e.items.map((it) => toJs(it, ci));
      return parts.some((p) => p === null) ? null : parts.join('');
    }
    case 'repeat': {
      const inner = toJs(e.e, ci);
      if (inner === null) return null;
      const q = e.min === 0 && e.max === 1 ? '?' : e.min === 0 && e.max === null ? '*' : e.min === 1 && e.max === null ? '+' : `{${e.min},${e.max ?? ''}}`;
      if (e.max !== null && e.min > e.max) return '(?!)';
      return `(?:${inner})${q}`;
    }
    case 'compl':
    case 'inter':
    case 'interval':
      return null;
  }
}

/** A compiled Lucene regex: the matcher, and the JS source when it was translated (else `null`). */
export interface CompiledRegex {
  readonly test: (value: string) => boolean;
  readonly jsSource: string | null;
}

/**
 * Compiles a Lucene regex: a JS RegExp `^(?:…)$` (`su` flags) when the pattern translates, otherwise the
 * tree matcher of {@link matchLuceneRegex}.
 *
 * @throws {RegexError} `ERR_MATCH_REGEX` for a pattern Lucene refuses.
 */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): CompiledRegex {
  const tree = parseLuceneRegex(pattern);
  const body = toJs(tree, caseInsensitive);
  if (body === null) return { test: (v) => matchLuceneRegex(tree, v, caseInsensitive), jsSource: null };
  const source = `^(?:${body})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, 'su');
  } catch (error) {
    throw new RegexError(pattern, 0, `cannot be translated to a JS RegExp (${(error as Error).message})`);
  }
  return { test: (v) => re.test(v), jsSource: source };
}
