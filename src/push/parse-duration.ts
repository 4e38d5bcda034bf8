/**
 * Durations on the command line: `500ms`, `30s`, `5m`, `2h`, `1d`, signed for shifts (`-2h`) and with
 * fractions (`1.5m`). Units are required: a bare number is ambiguous (Elasticsearch's own time units).
 */
import { InvalidOptionError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration into milliseconds (rounded to an integer).
 * @param option the option name for the error message
 * @throws InvalidOptionError (`ERR_INVALID_OPTION`) on anything else, naming `option` and the value
 */
export function parseDurationMs(text: string, option: string, { signed = false } = {}): number {
  const match = /^([+-]?)(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (match === null || (!signed && match[1] !== '')) {
    throw new InvalidOptionError(option, text, `a duration like 500ms, 30s, 5m, 2h, 1d${signed ? ' (may be signed: -2h)' : ''}`);
  }
  const ms = Math.round(Number(match[2]) * UNIT_MS[match[3]!]!);
  return match[1] === '-' ? -ms : ms;
}
