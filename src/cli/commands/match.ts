/**
 * `eql-replay match`: runs one single-event rule over NDJSON (or any corpus format readCorpus reads)
 * and writes the matching events — their original line text — in input order, or one `--ids` value per
 * match. `| head N` / `| tail N` in the query are honoured in input order.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { readCorpus, type MalformedPolicy } from '../../corpus/read-corpus.js';
import type { CorpusRecord } from '../../corpus/read-corpus.js';
import { applyPipes } from '../../match/apply-pipes.js';
import { compileQuery } from '../../match/compile.js';
import { collectSourceValues, createFieldAccess } from '../../match/values.js';
import { writeLine, type CliContext } from '../context.js';
import { addMappingOptions, addOneRuleOptions, loadMatchQuery, nonEmpty } from '../load-match-query.js';

interface MatchOptions {
  readonly query?: string;
  readonly rule?: string;
  readonly categoryField: string;
  readonly mapping?: string | boolean;
  readonly ids?: string;
  readonly malformed: MalformedPolicy;
}

function policy(value: string): MalformedPolicy {
  if (value !== 'skip' && value !== 'fail') throw new InvalidArgumentError('must be "skip" or "fail"');
  return value;
}

/** Registers `match`. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command('match')
    .description('write the events of NDJSON corpora that a single-event EQL rule matches, as Elasticsearch would')
    .argument('<files...>', 'corpus files (NDJSON, _bulk, hits, gzip…), or - for stdin');
  addMappingOptions(addOneRuleOptions(command))
    .option('--ids <field>', 'print one value of <field> per matching event instead of the event (empty line when it has none)', nonEmpty)
    .option('--malformed <policy>', 'skip (count and report on stderr) or fail on a malformed line', policy, 'skip')
    .addHelpText(
      'after',
      [
        '',
        'Matching events are written as their original lines, in input order across the files. Sequence,',
        'sample and join queries are refused (exit 1) naming the construct; use "replay" for rule packs.',
        '',
        'Example:',
        '  $ eql-replay match --rule builtin:ssh-keygen events.ndjson',
        '  $ eql-replay match --query \'file where file.name : "id_*" | tail 5\' --ids event.id day1.ndjson.gz day2.ndjson',
        '  $ cat events.ndjson | eql-replay match --no-mapping --query \'any where user.id == 0\' -',
      ].join('\n'),
    )
    .action(async (files: string[], options: MatchOptions) => {
      const { normalized, mapping } = await loadMatchQuery(options, ctx);
      const { predicate, pipes } = compileQuery(normalized, { mapping });
      const idAccess = options.ids === undefined ? null : createFieldAccess(null, options.ids);
      const emit = (record: CorpusRecord): void => {
        if (idAccess === null) {
          writeLine(ctx.stdout, record.text);
          return;
        }
        const first = collectSourceValues(record.value ?? JSON.parse(record.text), idAccess).find((v) => v !== null);
        writeLine(ctx.stdout, first === undefined ? '' : typeof first === 'string' ? first : JSON.stringify(first));
      };
      const sink = applyPipes<CorpusRecord>(pipes, emit);
      let malformed = 0;
      let more = true;
      for (const file of files) {
        if (!more) break;
        const reading = readCorpus(file, {
          stdin: ctx.stdin,
          malformed: options.malformed,
          onMalformed: (m) => {
            malformed++;
            if (malformed <= 10) writeLine(ctx.stderr, `skipped malformed line ${m.source}:${m.line} (byte ${m.offset}): ${m.reason}: ${m.excerpt}`);
          },
        });
        for await (const record of reading) {
          const doc = record.value ?? (JSON.parse(record.text) as unknown);
          if (predicate(doc) && !sink.push(record)) {
            more = false;
            break;
          }
        }
      }
      sink.end();
      if (malformed > 0) writeLine(ctx.stderr, `warning: ${malformed} malformed line(s) skipped`);
    });
}
