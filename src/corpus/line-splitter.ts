/**
 * Splits a byte stream into text lines with their 1-based line number and byte offset, for the
 * line-oriented formats (NDJSON, `_bulk` bodies, search hits).
 */

/** Receives one line; returns false to stop splitting (the caller then stops feeding). */
export type OnLine = (text: string, line: number, offset: number) => boolean;

const LF = 0x0a;
const CR = 0x0d;

/**
 * A push-style line splitter over Buffers. Lines end at `\n`; a `\r` right before it is part of the
 * terminator, not of the text (CRLF files). The last line may lack a terminator. Every `\n` counts as a
 * line, so line numbers match an editor's even when blank lines are skipped later.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private line = 1;
  /** Byte offset of the start of the line being assembled. */
  private offset = 0;

  /** Feeds the next chunk; calls `onLine` for every line it completes. Returns false if `onLine` stopped it. */
  push(chunk: Buffer, onLine: OnLine): boolean {
    let start = 0;
    let nl = chunk.indexOf(LF);
    if (nl === -1) {
      this.carry.push(chunk);
      return true;
    }
    if (this.carry.length > 0) {
      // The one line per chunk that crosses a chunk edge: join it (rare, so a copy is fine).
      this.carry.push(chunk.subarray(0, nl + 1));
      const joined = Buffer.concat(this.carry);
      this.carry = [];
      if (!this.emit(joined, 0, joined.byteLength - 1, onLine)) return false;
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    while (nl !== -1) {
      if (!this.emit(chunk, start, nl, onLine)) return false;
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    if (start < chunk.byteLength) this.carry.push(chunk.subarray(start));
    return true;
  }

  /** Ends the input: emits a last line that had no terminator. Returns false if `onLine` stopped it. */
  end(onLine: OnLine): boolean {
    if (this.carry.length === 0) return true;
    const rest = Buffer.concat(this.carry);
    this.carry = [];
    let text = rest.toString('utf8', 0, rest[rest.byteLength - 1] === CR ? rest.byteLength - 1 : rest.byteLength);
    if (this.line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const ok = onLine(text, this.line, this.offset);
    this.offset += rest.byteLength;
    return ok;
  }

  /** Emits bytes [start, nl) of `buffer` where `nl` is the index of the `\n`. */
  private emit(buffer: Buffer, start: number, nl: number, onLine: OnLine): boolean {
    const end = nl > start && buffer[nl - 1] === CR ? nl - 1 : nl;
    let text = buffer.toString('utf8', start, end);
    if (this.line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte order mark
    const ok = onLine(text, this.line, this.offset);
    this.line += 1;
    this.offset += nl + 1 - start;
    return ok;
  }
}
