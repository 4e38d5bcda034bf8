/**
 * Which literal substrings a Lucene regular expression provably requires (EQL-SEMANTICS.md §5), for the
 * prefilter. The analysis is deliberately shallow: it reads the pattern's structure (alternation `|`,
 * intersection `&`, concatenation, groups, quantifiers) and treats everything it does not need to
 * understand (`.`, `@`, `#`, classes `[…]`, intervals `<n-m>`, complements `~X`) as an opaque atom that
 * breaks a literal run. Being shallow only costs selectivity, never soundness: a run is reported only
 * when every string the pattern accepts contains it.
 */

/** A literal run; `atStart`/`atEnd` say it touches the start/end of the (anchored) whole value. */
export interface LiteralRun {
  readonly text: string;
  readonly atStart: boolean;
  readonly atEnd: boolean;
}

/** What a pattern requires of a value: runs combined with and/or; `true` = nothing known. */
export type RunTree =
  | { readonly kind: 'run'; readonly run: LiteralRun }
  | { readonly kind: 'and'; readonly items: readonly RunTree[] }
  | { readonly kind: 'or'; readonly items: readonly RunTree[] }
  | { readonly kind: 'true' };

const TRUE: RunTree = { kind: 'true' };

/** Thrown internally on a pattern this analysis cannot read; the caller falls back to "no requirement". */
class Unreadable extends Error {}

type Atom =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'group'; readonly tree: RunTree }
  | { readonly kind: 'opaque' };

interface QuantifiedAtom {
  readonly atom: Atom;
  /** Zero occurrences possible (`?`, `*`, `{0,…}`). */
  readonly optional: boolean;
  /** More than one occurrence possible (`+`, `*`, `{n,m}` with m > 1). */
  readonly repeated: boolean;
}

/**
 * The requirement tree of an anchored Lucene regexp (ES's `regexp` query with the default `ALL` flags).
 * An unreadable pattern requires nothing.
 */
export function regexRunTree(pattern: string): RunTree {
  const parser = new RegexReader(Array.from(pattern));
  try {
    const tree = parser.union(true);
    if (!parser.done()) return TRUE;
    return tree;
  } catch (error) {
    if (error instanceof Unreadable) return TRUE;
    throw error;
  }
}

/** The requirement tree of an anchored EQL wildcard pattern (`*` any run, `?` one code point, §5). */
export function wildcardRunTree(pattern: string): RunTree {
  const runs: RunTree[] = [];
  let start = 0;
  for (let i = 0; i <= pattern.length; i++) {
    if (i === pattern.length || pattern[i] === '*' || pattern[i] === '?') {
      if (i > start) {
        runs.push({ kind: 'run', run: { text: pattern.slice(start, i), atStart: start === 0, atEnd: i === pattern.length } });
      }
      start = i + 1;
    }
  }
  return runs.length === 0 ? TRUE : runs.length === 1 ? runs[0]! : { kind: 'and', items: runs };
}

class RegexReader {
  private pos = 0;

  constructor(private readonly chars: readonly string[]) {}

  done(): boolean {
    return this.pos >= this.chars.length;
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private next(): string {
    const ch = this.chars[this.pos++];
    if (ch === undefined) throw new Unreadable('unexpected end');
    return ch;
  }

  /** unionexp := interexp ('|' interexp)* */
  union(anchored: boolean): RunTree {
    const items = [this.intersection(anchored)];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.intersection(anchored));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  /** interexp := concatexp ('&' concatexp)* — every part must match the whole value. */
  private intersection(anchored: boolean): RunTree {
    const items = [this.concat(anchored)];
    while (this.peek() === '&') {
      this.pos++;
      items.push(this.concat(anchored));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  /** concatexp := repeatexp* — literal runs are the maximal sequences of single-occurrence literals. */
  private concat(anchored: boolean): RunTree {
    const atoms: QuantifiedAtom[] = [];
    for (let ch = this.peek(); ch !== undefined && ch !== '|' && ch !== '&' && ch !== ')'; ch = this.peek()) {
      atoms.push(this.quantified());
    }
    const items: RunTree[] = [];
    let text = '';
    let runStart = 0;
    const flush = (index: number, atEnd: boolean): void => {
      if (text !== '') {
        items.push({ kind: 'run', run: { text, atStart: anchored && runStart === 0, atEnd: anchored && atEnd } });
      }
      text = '';
      runStart = index + 1;
    };
    atoms.forEach(({ atom, optional, repeated }, index) => {
      if (atom.kind === 'literal' && !optional) {
        if (text === '') runStart = index;
        text += atom.text;
        // `ab+c`: "ab" is required, but whatever follows is preceded by an unknown number of b's.
        if (repeated) flush(index, false);
        return;
      }
      flush(index, false);
      if (atom.kind === 'group' && !optional) items.push(atom.tree);
    });
    flush(atoms.length, true);
    return items.length === 0 ? TRUE : items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  /** repeatexp := complexp ('?' | '*' | '+' | '{n}' | '{n,}' | '{n,m}')* */
  private quantified(): QuantifiedAtom {
    const atom = this.complement();
    let optional = false;
    let repeated = false;
    for (;;) {
      const ch = this.peek();
      if (ch === '?') {
        optional = true;
      } else if (ch === '*') {
        optional = true;
        repeated = true;
      } else if (ch === '+') {
        repeated = true;
      } else if (ch === '{') {
        const { min, max } = this.bounds();
        if (min === 0) optional = true;
        if (max === null || max > 1) repeated = true;
        continue;
      } else {
        break;
      }
      this.pos++;
    }
    return { atom, optional, repeated };
  }

  /** `{n}`, `{n,}`, `{n,m}` starting at the current `{`. */
  private bounds(): { min: number; max: number | null } {
    this.pos++; // {
    let body = '';
    for (let ch = this.next(); ch !== '}'; ch = this.next()) body += ch;
    const match = /^(\d+)(?:(,)(\d*))?$/.exec(body);
    if (match === null) throw new Unreadable('bad repetition');
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? null : Number(match[3]);
    return { min, max };
  }

  /** complexp := '~' complexp | charclassexp — a complement is opaque (it can match almost anything). */
  private complement(): Atom {
    if (this.peek() === '~') {
      this.pos++;
      this.complement();
      return { kind: 'opaque' };
    }
    return this.simple();
  }

  private simple(): Atom {
    const ch = this.next();
    switch (ch) {
      case '(': {
        if (this.peek() === ')') {
          this.pos++;
          return { kind: 'literal', text: '' };
        }
        const inner = this.union(false);
        if (this.next() !== ')') throw new Unreadable('unclosed group');
        return { kind: 'group', tree: inner };
      }
      case '[':
        this.skipClass();
        return { kind: 'opaque' };
      case '"': {
        let text = '';
        for (let c = this.next(); c !== '"'; c = this.next()) text += c;
        return { kind: 'literal', text };
      }
      case '<':
        for (let c = this.next(); c !== '>'; c = this.next()) {
          // an interval <n-m> or a named automaton: opaque either way
        }
        return { kind: 'opaque' };
      case '.':
      case '@':
      case '#':
        return { kind: 'opaque' };
      case '\\':
        return { kind: 'literal', text: this.next() };
      case '?':
      case '*':
      case '+':
      case '{':
        throw new Unreadable('dangling quantifier');
      default:
        return { kind: 'literal', text: ch };
    }
  }

  private skipClass(): void {
    // `[` already read; a `\` escapes the next character, an unescaped `]` closes.
    for (let ch = this.next(); ch !== ']'; ch = this.next()) {
      if (ch === '\\') this.next();
    }
  }
}
