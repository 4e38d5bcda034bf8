/**
 * Every single-event rule Elastic ships (../shared/conformance/detection-rules/eql-rules.ndjson, outside
 * `rules/_deprecated/`) gets a prefilter and a Query DSL translation; the counts are asserted so a change
 * in what is translated shows up here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { AppError } from '../../src/errors.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { buildPrefilter } from '../../src/match/prefilter.js';
import { toDsl } from '../../src/match/to-dsl.js';

const RULES = new URL('../../../shared/conformance/detection-rules/eql-rules.ndjson', import.meta.url);

describe.skipIf(!existsSync(RULES))(
  `Elastic's EQL rules (${existsSync(RULES) ? 'eql-rules.ndjson' : 'skipped: ../shared/conformance/detection-rules/eql-rules.ndjson is absent'})`,
  () => {
    // describe.skipIf still runs this body to collect the tests: read nothing when the file is absent.
    const rules = (existsSync(RULES) ? readFileSync(RULES, 'utf8') : '')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { rule_id: string; name: string; query: string; path?: string })
      .filter((rule) => !String(rule.path ?? '').includes('_deprecated'));

    const single = rules.flatMap((rule) => {
      try {
        return [{ rule, query: normalizeQuery(parseEql(rule.query)) }];
      } catch (error) {
        // sequence / sample / join rules are refused by normalizeQuery with ERR_EQL_UNSUPPORTED.
        if (error instanceof AppError && error.code === 'ERR_EQL_UNSUPPORTED') return [];
        throw error;
      }
    });

    test('every single-event rule has a usable literal to scan for', () => {
      expect(single.length).toBe(823);
      const without = single.filter(({ query }) => buildPrefilter(query, { mapping: DEFAULT_ECS_MAPPING }).best === null);
      expect(without.map(({ rule }) => rule.name)).toEqual([]);
    });

    test('every single-event rule translates; those with Painless-only leaves are listed with a reason', () => {
      const translations = single.map(({ rule, query }) => ({ rule, dsl: toDsl(query, { mapping: DEFAULT_ECS_MAPPING }) }));
      const inexact = translations.filter(({ dsl }) => !dsl.exact);
      expect(inexact.length).toBe(27);
      for (const { dsl } of inexact) {
        expect(dsl.scripts.length).toBeGreaterThan(0);
        for (const script of dsl.scripts) expect(script.reason).not.toBe('');
      }
      // Exact translations name no untranslated leaf.
      for (const { dsl } of translations.filter((t) => t.dsl.exact)) expect(JSON.stringify(dsl.query)).not.toContain('untranslated');
    });
  },
);
