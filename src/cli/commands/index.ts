/**
 * The table of subcommands. Each entry is loaded only when it is the command being run (or when help
 * for it is asked), so `eql-replay --help` and a single command start fast.
 *
 * A command module exports `register(program, ctx)`, which adds a fully described subcommand.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** A command module's one export. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** One entry of the command table. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<{ register: RegisterCommand }>;
}

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'quickstart',
    summary: 'the embedded default (npm start): replay the seed rule over a cached, labelled 1M-event corpus',
    load: () => import('./quickstart.js'),
  },
  {
    name: 'check',
    summary: 'parse and check EQL queries or rules (.eql, detection-rules .toml, Kibana export, builtin:ssh-keygen)',
    load: () => import('./check.js'),
  },
  {
    name: 'compile',
    summary: 'show what a single-event rule compiles to: normalized condition, JS predicate, Query DSL, prefilter',
    load: () => import('./compile.js'),
  },
  {
    name: 'match',
    summary: 'write the events of NDJSON corpora that a single-event EQL rule matches, as Elasticsearch would',
    load: () => import('./match.js'),
  },
  {
    name: 'explain',
    summary: 'show why a single-event rule matches an event or not: each leaf, the field values as indexed, verdicts',
    load: () => import('./explain.js'),
  },
  {
    name: 'generate',
    summary: 'write a labelled synthetic corpus of Linux file events (Defend, Endgame, SentinelOne) with ground truth',
    load: () => import('./generate.js'),
  },
  {
    name: 'replay',
    summary: 'replay corpora through EQL rules on a worker pool: events/s, matches per rule, precision/recall against labels',
    load: () => import('./replay.js'),
  },
  {
    name: 'push',
    summary: 'push a corpus into Elasticsearch/OpenSearch like Elastic Agent (_bulk), rate-controlled, exactly-once, Rally-style metrics',
    load: () => import('./push.js'),
  },
  {
    name: 'servers',
    summary: 'how to start real OpenSearch / Elasticsearch for the push path (scripts/search-servers.sh)',
    load: () => import('./servers.js'),
  },
];
