#!/usr/bin/env node
/**
 * `npm run bench`: builds once (src, test and bench: `tsc -p tsconfig.json`), runs the bench of every
 * `bench:*` script of package.json in sequence — each `node …bench.js` in its own process, so that one
 * bench's heap, JIT and worker pools never weigh on the next — then prints one table of the headline
 * numbers (read from each bench's bench/results/<name>.json; bench/results/quick/ for --quick) against
 * their targets.
 *
 * Benches report; they do not fail a build: a missed target exits 0. A bench that crashes (or writes no
 * result) is listed as FAILED and the exit code is 1, because that is a broken bench, not a slow one.
 *
 * Usage: node scripts/run-benches.mjs [--only replay,match] [--quick] [--no-build] [--list]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
// A --quick run's results go to bench/results/quick/ (bench-environment.ts): a smoke run never replaces a full one's.
const RESULTS = join(ROOT, quick ? 'bench/results/quick' : 'bench/results');
const USAGE = `Usage: npm run bench [-- --only NAMES] [-- --quick] [-- --no-build] [-- --list]

  --only NAMES   run only these benches (comma-separated script names without "bench:", e.g. replay,match)
  --quick        smaller sizes and one round: a smoke run (numbers are not comparable to full runs)
  --no-build     do not compile first (dist/ is up to date)
  --list         print the benches and the commands they run, and exit

Example:
  npm run bench -- --only generate,read --quick
`;

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const known = new Set(['--only', '--quick', '--no-build', '--list']);
for (let i = 0; i < argv.length; i++) {
  if (!known.has(argv[i])) usage(`unknown option ${JSON.stringify(argv[i])}`);
  if (argv[i] === '--only') i++;
}
const benches = benchScripts();
let selected = benches;
const onlyAt = argv.indexOf('--only');
if (onlyAt !== -1) {
  const names = (argv[onlyAt + 1] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) usage('--only needs a comma-separated list of bench names');
  const unknown = names.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0) usage(`no bench named ${unknown.join(', ')} (there are: ${benches.map((b) => b.name).join(', ')})`);
  selected = benches.filter((b) => names.includes(b.name));
}
if (argv.includes('--list')) {
  for (const b of benches) process.stdout.write(`${b.name.padEnd(12)} ${b.files.map((f) => `node ${f}`).join(' && ')}\n`);
  process.exit(0);
}

if (!argv.includes('--no-build')) {
  log('building src, test and bench (tsc -p tsconfig.json)…');
  // Like the bench:* scripts (`tsc …; node …`), a type error elsewhere in the tree does not stop the
  // benches: tsc still emits, and the error is shown.
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (tsc.status !== 0) log('tsc reported errors (above); running the benches on what it emitted');
}

const outcomes = [];
for (const bench of selected) {
  for (const file of bench.files) {
    const path = join(ROOT, file);
    const startedMs = Date.now();
    const before = resultTimes();
    log(`\n━━ bench:${bench.name} — node ${file}${quick ? ' --quick' : ''}`);
    if (!existsSync(path)) {
      outcomes.push({ bench: bench.name, file, ok: false, why: `${file} is missing (not built?)`, results: [] });
      continue;
    }
    const run = spawnSync(process.execPath, [path, ...(quick ? ['--quick'] : [])], { cwd: ROOT, stdio: 'inherit' });
    const seconds = (Date.now() - startedMs) / 1000;
    const results = resultsChangedSince(before);
    const ok = run.status === 0 && results.length > 0;
    const why = run.status !== 0 ? `exited ${run.status ?? run.signal}` : results.length === 0 ? 'wrote no result to bench/results' : '';
    outcomes.push({ bench: bench.name, file, ok, why, seconds, results });
  }
}

printSummary(outcomes);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);

/** The `bench:*` scripts of package.json and the bench files each runs (`node <file>`), in order. */
function benchScripts() {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  return Object.entries(scripts)
    .filter(([name]) => name.startsWith('bench:'))
    .map(([name, command]) => ({
      name: name.slice('bench:'.length),
      files: [...String(command).matchAll(/\bnode\s+(\S+\.js)/g)].map((m) => m[1]),
    }))
    .filter((b) => b.files.length > 0);
}

/** Modification times of the result files (bench/results/*.json), by path. */
function resultTimes() {
  if (!existsSync(RESULTS)) return new Map();
  return new Map(
    readdirSync(RESULTS)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(RESULTS, f))
      .map((f) => [f, statSync(f).mtimeMs]),
  );
}

/** The result files written since `before` (a {@link resultTimes} snapshot), parsed. */
function resultsChangedSince(before) {
  return [...resultTimes()]
    .filter(([path, mtimeMs]) => before.get(path) !== mtimeMs)
    .map(([path]) => ({ path, data: JSON.parse(readFileSync(path, 'utf8')) }));
}

function printSummary(list) {
  const rows = [['bench', 'headline', 'value', 'target', '', 'load 1m', 'result file']];
  for (const o of list) {
    if (!o.ok) {
      rows.push([o.bench, `FAILED: ${o.why}`, '', '', '', '', o.file]);
      continue;
    }
    for (const { path, data } of o.results) {
      const load = data.loadAverage1m === undefined ? '' : `${data.loadAverage1m.start}→${data.loadAverage1m.end}`;
      const headlines = Array.isArray(data.headlines) ? data.headlines : [];
      if (headlines.length === 0) rows.push([o.bench, '(no headline in the result)', '', '', '', load, relative(ROOT, path)]);
      for (const h of headlines) {
        const value = `${formatNumber(h.value)}${h.unit === '×' ? '×' : ` ${h.unit}`}${h.errorPct === undefined ? '' : ` ±${formatNumber(h.errorPct)}%`}`;
        const verdict = h.met === true ? 'met' : h.met === false ? 'MISSED' : '';
        rows.push([o.bench, h.label, value, h.target ?? '', verdict, load, relative(ROOT, path)]);
      }
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd();
  process.stdout.write(`\n${quick ? 'Summary (--quick: smoke-run sizes, not comparable to full runs)' : 'Summary'} — ratios are against each bench's own baseline, measured in the same run\n`);
  process.stdout.write(`${line(rows[0])}\n${widths.map((w) => '─'.repeat(w)).join('  ')}\n`);
  for (const r of rows.slice(1)) process.stdout.write(`${line(r)}\n`);
}

function formatNumber(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function usage(message) {
  process.stderr.write(`run-benches: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function log(message) {
  process.stderr.write(`${message}\n`);
}
