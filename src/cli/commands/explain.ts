/**
 * `eql-replay explain`: why a single-event rule matches an event or does not — every leaf of the
 * normalized condition with the field's values as Elasticsearch indexed them and its verdict, and the
 * and/or structure with verdicts. Exit 0 whatever the verdict (it is in the output); 1 when the event
 * cannot be read, or when the reference interpreter and the compiled predicate disagree (a bug).
 */
import { isAbsolute, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readCorpus, CORPUS_FORMATS, type CorpusFormat } from '../../corpus/read-corpus.js';
import { AppError, InvalidOptionError } from '../../errors.js';
import { explainEvent } from '../../replay/explain-event.js';
import { renderExplanation, type ExplanationView } from '../../report/replay-explanation.js';
import { writeLine, type CliContext } from '../context.js';
import { addMappingOptions, addOneRuleOptions, loadMatchQuery } from '../load-match-query.js';

interface ExplainFlags {
  readonly query?: string;
  readonly rule?: string;
  readonly event?: string;
  readonly line?: { readonly file: string; readonly line: number };
  readonly categoryField: string;
  readonly mapping?: string | boolean;
  readonly format: CorpusFormat;
  readonly json?: boolean;
}

/** Registers `explain`. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command('explain')
    .description('show why a single-event rule matches an event or not: each leaf, the field values as indexed, verdicts');
  addMappingOptions(addOneRuleOptions(command))
    .option('-e, --event <json>', 'the event, as one JSON object')
    .option('-l, --line <file:n>', 'the event on line n of a corpus (any format the readers know)', fileLine)
    .addOption(new Option('--format <format>', 'corpus format for --line').choices([...CORPUS_FORMATS]).default('auto'))
    .option('--json', 'print the explanation as one JSON object')
    .addHelpText(
      'after',
      [
        '',
        'Each leaf of the normalized condition ("not" pushed down as Elasticsearch does: "not f : x" is a',
        'must_not that a missing field passes) is shown with its verdict and the values of its field after',
        'the mapping (alias, ignore_above, null_value, coercion); raw values the mapping drops are listed with',
        'the reason. The verdict is checked against the compiled predicate.',
        '',
        'Example:',
        '  $ eql-replay explain --rule builtin:ssh-keygen --line corpus.ndjson:1234',
        '  $ eql-replay explain -q \'file where file.name : "id_*"\' --event \'{"event":{"category":"file"},"file":{"name":"ID_rsa"}}\'',
      ].join('\n'),
    )
    .action(async (flags: ExplainFlags) => {
      await runExplain(flags, ctx);
    });
}

async function runExplain(flags: ExplainFlags, ctx: CliContext): Promise<void> {
  if ((flags.event === undefined) === (flags.line === undefined)) {
    throw new AppError('ERR_USAGE', 'give exactly one of --event <json> or --line <file:n>');
  }
  const { rule, normalized, mapping, mappingName } = await loadMatchQuery(flags, ctx);
  const { doc, where } = flags.event !== undefined ? { doc: parseEvent(flags.event), where: '--event' } : await readLine(flags.line!, flags.format, ctx);
  const explanation = explainEvent(normalized, doc, { mapping });
  const view: ExplanationView = { rule: { id: rule.id, name: rule.name, source: rule.source }, event: where, mapping: mappingName, ...explanation };
  if (flags.json === true) writeLine(ctx.stdout, JSON.stringify(view, null, 2));
  else ctx.stdout.write(renderExplanation(view));
  if (!explanation.agree) {
    throw new AppError('ERR_MATCH_EVAL', 'the reference interpreter and the compiled predicate disagree on this event: a bug in eql-replay, please report it', {
      verdict: explanation.verdict,
      compiledVerdict: explanation.compiledVerdict,
    });
  }
}

function parseEvent(text: string): object {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidOptionError('--event', text.length > 80 ? `${text.slice(0, 80)}…` : text, `one JSON object (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError('--event', text.length > 80 ? `${text.slice(0, 80)}…` : text, 'one JSON object');
  }
  return value;
}

async function readLine(at: { file: string; line: number }, format: CorpusFormat, ctx: CliContext): Promise<{ doc: object; where: string }> {
  const path = at.file === '-' || isAbsolute(at.file) ? at.file : resolve(ctx.cwd, at.file);
  let malformed: string | undefined;
  let last = 0;
  const reading = readCorpus(path, {
    format,
    stdin: ctx.stdin,
    onMalformed: (m) => {
      if (m.line === at.line) malformed = m.reason;
    },
  });
  for await (const record of reading) {
    last = record.line;
    if (record.line === at.line) return { doc: record.value ?? (JSON.parse(record.text) as object), where: `${at.file}:${at.line}` };
    if (record.line > at.line) break;
  }
  const why = malformed !== undefined ? `it is malformed: ${malformed}` : last < at.line ? `the corpus ends before it (last event on line ${last})` : 'it holds no event';
  throw new AppError('ERR_USAGE', `no event on line ${at.line} of ${at.file}: ${why}`, { file: at.file, line: at.line });
}

function fileLine(value: string): { file: string; line: number } {
  const m = /^(.+):(\d+)$/.exec(value);
  if (m === null || Number(m[2]) < 1) throw new InvalidArgumentError('expected <file>:<line>, e.g. corpus.ndjson:42 (1-based)');
  return { file: m[1]!, line: Number(m[2]) };
}
