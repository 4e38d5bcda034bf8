/**
 * Splits a byte stream of concatenated JSON objects — pretty-printed over many lines or not, separated by
 * any whitespace — into one text per top-level value: the shape of Kibana (es_archiver) archives and of
 * saved `_search` responses (CORPUS.md §7).
 */

/** A complete top-level value: its text and where it starts. */
export interface JsonValueText {
  readonly text: string;
  /** 1-based line of its first byte. */
  readonly line: number;
  /** Byte offset of the start of that line. */
  readonly lineOffset: number;
  /** Byte offset of its first byte (`{` or `[`). */
  readonly offset: number;
}

/** Input that cannot be a JSON value: where it starts, its first bytes and why. */
export interface JsonValueProblem {
  readonly line: number;
  readonly lineOffset: number;
  /** The bad input from its start (the whole value, or the rest of the line for text between values). */
  readonly excerpt: Buffer;
  readonly reason: string;
}

/** Receives either a value or a problem; returns false to stop. */
export interface JsonValueSink {
  value(v: JsonValueText): boolean;
  problem(p: JsonValueProblem): boolean;
}

const enum State {
  /** Between values: whitespace only. */
  Between,
  /** Inside a value. */
  Value,
  /** After a problem: skipping to a line that starts with `{` or `[` at column 0. */
  Resync,
}

const LF = 0x0a;

/**
 * A push-style splitter. It tracks strings and bracket depth only; the text of each value is validated by
 * the caller with `JSON.parse`. A raw newline inside a string (invalid JSON, typically a truncated object)
 * or text between values is a problem; the splitter then resynchronises at the next line that starts
 * with `{` or `[` in column 0, where the next top-level pretty-printed object begins.
 */
export class JsonValueSplitter {
  private state = State.Between;
  private depth = 0;
  private inString = false;
  private escape = false;
  private parts: Buffer[] = [];
  /** Current line number and the byte offset where it starts. */
  private line = 1;
  private lineOffset = 0;
  /** Bytes consumed before the current chunk. */
  private base = 0;
  private startLine = 0;
  private startLineOffset = 0;
  private startOffset = 0;

  /** Feeds the next chunk. Returns false if the sink stopped it. */
  push(chunk: Buffer, sink: JsonValueSink): boolean {
    let from = 0; // start of the current value's bytes within this chunk
    const n = chunk.byteLength;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (b === LF) {
        if (this.state === State.Value && this.inString) {
          // A raw newline cannot be inside a JSON string: the value is broken (truncated or not JSON).
          if (!this.fail(chunk, from, i, 'unterminated string', sink)) return false;
          this.state = State.Resync;
        }
        this.line += 1;
        this.lineOffset = this.base + i + 1;
        continue;
      }
      switch (this.state) {
        case State.Between:
          if (b === 0x20 || b === 0x09 || b === 0x0d) continue;
          if (this.base + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf)) continue; // a UTF-8 byte order mark
          if (b === 0x7b || b === 0x5b) {
            this.begin(i);
            from = i;
            continue;
          }
          // Anything else between values is not a document: report the line, then resynchronise.
          this.begin(i);
          from = i;
          {
            const eol = chunk.indexOf(LF, i);
            const to = eol === -1 ? n : eol;
            if (!this.fail(chunk, from, to, 'text between JSON values (expected "{")', sink)) return false;
          }
          this.state = State.Resync;
          continue;
        case State.Resync:
          if ((b === 0x7b || b === 0x5b) && this.base + i === this.lineOffset) {
            this.begin(i);
            from = i;
          }
          continue;
        case State.Value:
          if (this.inString) {
            if (this.escape) this.escape = false;
            else if (b === 0x5c) this.escape = true;
            else if (b === 0x22) this.inString = false;
            continue;
          }
          if (b === 0x22) this.inString = true;
          else if (b === 0x7b || b === 0x5b) this.depth += 1;
          else if (b === 0x7d || b === 0x5d) {
            this.depth -= 1;
            if (this.depth === 0) {
              const text = this.take(chunk, from, i + 1);
              this.state = State.Between;
              const ok = sink.value({
                text,
                line: this.startLine,
                lineOffset: this.startLineOffset,
                offset: this.startOffset,
              });
              if (!ok) return false;
            }
          }
          continue;
      }
    }
    if (this.state === State.Value) this.parts.push(chunk.subarray(from));
    this.base += n;
    return true;
  }

  /** Ends the input: an unfinished value is a problem. Returns false if the sink stopped it. */
  end(sink: JsonValueSink): boolean {
    if (this.state !== State.Value) return true;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.state = State.Between;
    return sink.problem({
      line: this.startLine,
      lineOffset: this.startLineOffset,
      excerpt: bytes,
      reason: 'unexpected end of input inside a JSON value (truncated?)',
    });
  }

  private begin(i: number): void {
    this.state = State.Value;
    this.depth = 1;
    this.inString = false;
    this.escape = false;
    this.parts = [];
    this.startLine = this.line;
    this.startLineOffset = this.lineOffset;
    this.startOffset = this.base + i;
  }

  private take(chunk: Buffer, from: number, to: number): string {
    if (this.parts.length === 0) return chunk.toString('utf8', from, to);
    this.parts.push(chunk.subarray(from, to));
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    return text;
  }

  private fail(chunk: Buffer, from: number, to: number, reason: string, sink: JsonValueSink): boolean {
    this.parts.push(chunk.subarray(from, to));
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    const where = this.line === this.startLine ? '' : ` (at line ${this.line})`;
    return sink.problem({
      line: this.startLine,
      lineOffset: this.startLineOffset,
      excerpt: bytes,
      reason: `${reason}${where}`,
    });
  }
}
