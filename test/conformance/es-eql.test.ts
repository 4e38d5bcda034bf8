/**
 * Elasticsearch's own EQL QA suite (../shared/conformance/es-eql), run through our matcher.
 *
 * - Every single-event query of the current spec files must return exactly ES's expected ids, in hit
 *   order, both compiled and through the reference interpreter.
 * - Sequence / sample / join queries (and the missing-events file, all sequences) are not executable
 *   by a single-event matcher: each is listed by name, must be refused by normalizeQuery with
 *   ERR_EQL_UNSUPPORTED, and the counts are asserted exactly.
 * - Historical files (7.x-era syntax and semantics) are frozen in es-eql-historical.json: each query's
 *   outcome by name (pass / differs / not executable and why), so none can drift silently.
 * - test_string_functions.toml: every fold case evaluated as a constant expression; the verifier
 *   failures must be rejected by checkExpression.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, test } from 'vitest';
import { checkExpression } from '../../src/eql/check.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql, parseEqlExpression } from '../../src/eql/parse.js';
import { compileExpr } from '../../src/match/compile-expr.js';
import { evaluateReference } from '../../src/match/interpret.js';
import { AppError } from '../../src/errors.js';
import { ES_EQL, loadEndgame, loadExtra, readQueries, runQuery, type QaIndex, type QaQuery } from './es-eql-harness.js';

const present = existsSync(ES_EQL);

describe.skipIf(!present)('ES EQL QA conformance (needs ../shared/conformance/es-eql)', () => {
  const endgame = present ? loadEndgame() : (null as unknown as QaIndex);
  const extra = present ? loadExtra() : (null as unknown as QaIndex);
  const suites: readonly [string, QaIndex, number, number][] = [
    // file, index, single-event queries, not-executable (sequence/sample/join) queries
    ['test_queries.toml', endgame, 94, 39],
    ['additional_test_queries.toml', endgame, 55, 6],
    ['test_queries_date.toml', endgame, 4, 0],
    ['test_extra.toml', extra, 6, 34],
    ['test_missing_events.toml', extra, 0, 26],
    ['test_sample.toml', extra, 0, 25],
  ];

  for (const [file, index, singleCount, otherCount] of suites) {
    describe(file, () => {
      const queries = present ? readQueries(file) : [];
      const kindOf = (q: QaQuery): string => parseEql(q.query).query.kind;
      const single = queries.filter((q) => kindOf(q) === 'event');
      const other = queries.filter((q) => kindOf(q) !== 'event');

      test('counts: single-event queries run, the rest are listed as not yet executable', () => {
        expect(single.length).toBe(singleCount);
        expect(other.length).toBe(otherCount);
      });

      if (single.length > 0) {
        test.for(single)('$name returns exactly ES expected ids', (q) => {
          const outcome = runQuery(q, index);
          expect(outcome.kind).toBe('ran');
          if (outcome.kind !== 'ran') return;
          expect(outcome.ids).toEqual(q.expected);
          expect(outcome.interpreted).toEqual(q.expected);
        });
      }
      if (other.length > 0) {
        test.for(other)('$name is not yet executable (sequence/sample/join) and is refused by name', (q) => {
          let error: unknown;
          try {
            normalizeQuery(parseEql(q.query));
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('ERR_EQL_UNSUPPORTED');
          expect((error as AppError).message).toMatch(/sequence|sample|join/);
        });
      }
    });
  }

  describe('historical files (7.x syntax and semantics), outcomes frozen by name', () => {
    const frozen = JSON.parse(readFileSync(new URL('es-eql-historical.json', import.meta.url), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    test.for(Object.keys(frozen))('%s', (file) => {
      const actual: Record<string, string> = {};
      for (const q of readQueries(file)) {
        const o = runQuery(q, endgame);
        const status =
          o.kind === 'not-executable'
            ? `not executable: ${o.reason}`
            : JSON.stringify(o.ids) === JSON.stringify(q.expected)
              ? 'pass'
              : `differs: got ${JSON.stringify(o.ids)}`;
        let key = q.name;
        for (let i = 2; key in actual; i++) key = `${q.name} (${i})`;
        actual[key] = status;
      }
      expect(actual).toEqual(frozen[file]);
    });

    test('summary of the historical outcomes', () => {
      const count = (file: string, prefix: string): number => Object.values(frozen[file]!).filter((s) => s.startsWith(prefix)).length;
      expect([count('test_queries_supported.toml', 'pass'), count('test_queries_supported.toml', 'not executable')]).toEqual([25, 12]);
      expect([count('test_between_queries.toml', 'pass')]).toEqual([2]);
      expect([
        count('test_queries_unsupported.toml', 'pass'),
        count('test_queries_unsupported.toml', 'differs'),
        count('test_queries_unsupported.toml', 'not executable'),
      ]).toEqual([17, 7, 102]);
    });
  });

  describe('test_string_functions.toml', () => {
    interface FoldCase {
      readonly name: string;
      readonly expression: string;
      readonly expected: unknown;
    }
    const toml = present
      ? (parseToml(readFileSync(new URL('test_string_functions.toml', ES_EQL), 'utf8')) as Record<string, Record<string, unknown>>)
      : {};
    const folds: FoldCase[] = [];
    const failures: { name: string; expression: string }[] = [];
    for (const [name, table] of Object.entries(toml)) {
      const fold = table['fold'] as { tests?: { expression: string; expected?: unknown }[] } | undefined;
      for (const t of [...(fold?.tests ?? []), ...((table['tests'] as { expression: string; expected?: unknown }[]) ?? [])]) {
        folds.push({ name, expression: t.expression.trim(), expected: t.expected ?? null });
      }
      const verifier = table['verifier'] as { failures?: { expression: string }[] } | undefined;
      for (const f of verifier?.failures ?? []) failures.push({ name, expression: f.expression.trim() });
    }

    /**
     * ES's `between` (BetweenFunctionProcessor → StringUtils.between) returns "" when left or right is
     * not found and the source unchanged when left or right is empty; EQL-SEMANTICS.md §6 says the same.
     * These TOML rows expect the Python-eql answers instead; we follow Elasticsearch's code and the spec.
     */
    const BETWEEN_FOLLOWS_ES_CODE: Readonly<Record<string, unknown>> = {
      'between("welcome to the planet", "welcome", "village")': '',
      'between("welcome to the planet", "goodbye", "planet")': '',
      'between("welcome to the planet", "welcome", "x", false)': '',
      'between("welcome to the planet", "welcome", "x", true)': '',
      'between("welcome to the planet", "", "x", true)': 'welcome to the planet',
      'between("welcome to the planet", "", "", false)': 'welcome to the planet',
      'between("welcome to the planet", "", "planet", false)': 'welcome to the planet',
    };

    test('counts', () => {
      expect(folds.length).toBe(85);
      expect(failures.length).toBe(7);
      expect(folds.filter((f) => f.expression in BETWEEN_FOLLOWS_ES_CODE).length).toBe(7);
    });

    test.for(folds)('$name: $expression', (f) => {
      const expr = parseEqlExpression(f.expression);
      const expected = f.expression in BETWEEN_FOLLOWS_ES_CODE ? BETWEEN_FOLLOWS_ES_CODE[f.expression] : f.expected;
      expect(compileExpr(expr).evaluate(() => null)).toEqual(expected);
      expect(evaluateReference(expr, () => null)).toEqual(expected);
    });

    test.for(failures)('$name verifier rejects $expression', (f) => {
      expect(() => checkExpression(parseEqlExpression(f.expression), f.expression)).toThrow(AppError);
    });
  });
});
