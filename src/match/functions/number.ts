/**
 * `number(s[, base])` (EQL-SEMANTICS.md §6; ES `ToNumberFunctionProcessor`): base 10 parses a long
 * (`Long.valueOf`) or else a double (`Double.valueOf`, which allows surrounding whitespace, an exponent
 * and a trailing `f`/`d`); a `0x` prefix without a base, or with base 16, reads hexadecimal; any other
 * base parses a long in that radix. null → null; text that does not parse → null (Elasticsearch fails
 * the query there; we do not match).
 */
import { asText, type EqlValue } from './eql-value.js';

const LONG = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

function parseLong(text: string, radix: number): number | null {
  if (radix < 2 || radix > 36 || !/^[+-]?[0-9A-Za-z]+$/.test(text)) return null;
  const digits = text.replace(/^[+-]/, '').toLowerCase();
  for (const ch of digits) if (parseInt(ch, 36) >= radix) return null;
  const n = parseInt(digits, radix);
  return text.startsWith('-') ? -n : n;
}

/** Converts text to a number. */
export function toNumber(source: EqlValue, base: EqlValue): EqlValue {
  const s = asText(source);
  if (s === null) return null;
  const hex = s.startsWith('0x');
  const radix = base === null ? (hex ? 16 : 10) : typeof base === 'number' ? base : Number.NaN;
  if (radix === 10) {
    if (LONG.test(s)) return Number(s);
    // Double.valueOf trims characters <= U+0020 first.
    const t = s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
    if (!DOUBLE.test(t)) return null;
    return Number(t.replace(/[fFdD]$/, ''));
  }
  if (hex && radix === 16) return parseLong(s.slice(2), 16);
  return Number.isInteger(radix) ? parseLong(s, radix) : null;
}
