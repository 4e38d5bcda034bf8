/**
 * The pipeline is the architecture (STYLE.md §1): imports run one way. This test reads every import
 * specifier under src/ and fails on an arrow that runs the wrong way.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Which stages each stage may import (besides itself and the top-level errors.ts). */
const ALLOWED: Record<string, readonly string[]> = {
  eql: [],
  corpus: [],
  report: [],
  match: ['eql'],
  rules: ['eql', 'match'],
  replay: ['eql', 'match', 'rules', 'corpus', 'report'],
  push: ['eql', 'match', 'rules', 'corpus', 'report'],
  cli: ['eql', 'match', 'rules', 'corpus', 'report', 'replay', 'push'],
  '.': ['eql', 'match', 'rules', 'corpus', 'report', 'replay', 'push'],
};

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listTs(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function stageOf(file: string): string {
  const rel = relative(SRC, file).split(sep);
  return rel.length === 1 ? '.' : (rel[0] ?? '.');
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const edges = listTs(SRC).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ file: relative(SRC, file), from: stageOf(file), to: stageOf(resolve(dirname(file), spec)) }));
});

describe('import direction', () => {
  test('the scan sees the source tree', () => {
    expect(edges.length).toBeGreaterThan(0);
  });

  test.for(Object.keys(ALLOWED))('%s imports only the stages before it', (stage) => {
    const wrong = edges
      .filter((e) => e.from === stage && e.to !== stage && e.to !== '.' && !ALLOWED[stage]!.includes(e.to))
      .map((e) => `${e.file} -> ${e.to}/`);
    expect(wrong).toEqual([]);
  });

  test('only cli/ imports cli/', () => {
    expect(edges.filter((e) => e.to === 'cli' && e.from !== 'cli').map((e) => e.file)).toEqual([]);
  });

  test('every stage folder is known to this test', () => {
    const stages = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    expect(stages.filter((s) => !(s in ALLOWED))).toEqual([]);
  });
});
