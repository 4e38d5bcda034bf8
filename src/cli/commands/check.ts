/**
 * `eql-replay check`: parses and checks EQL rules the way Elasticsearch would, one line per rule, and for
 * a rule pack (a Kibana export) every rule and a summary — a CI gate for a detection-rules repository.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Query } from '../../eql/ast.js';
import { isEqlError, type EqlError } from '../../eql/errors.js';
import { AppError } from '../../errors.js';
import { parseRule, readRuleTexts, ruleFromQuery, type Rule } from '../../rules/load-rule.js';
import type { RuleText, SkippedRule } from '../../rules/rule-text.js';
import { writeLine, type CliContext } from '../context.js';

interface CheckOptions {
  readonly query?: string;
  readonly rule: readonly string[];
  readonly json?: boolean;
}

/** One line of the result: what `--json` prints as an array element. */
type CheckResult =
  | { status: 'ok'; source: string; id: string | null; name: string; kind: Query['kind'] }
  | {
      status: 'failed';
      source: string;
      id: string | null;
      name: string;
      error: { code: string; reason: string; line: number; column: number; offset: number; length: number; message: string };
    }
  | { status: 'skipped'; source: string; id: string | null; name: string | null; reason: string };

/** Registers `check`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description(
      'parse and check EQL queries or rules as Elasticsearch would: syntax, functions, argument types, pipes',
    )
    .option('-q, --query <eql>', 'an EQL query to check', nonEmpty)
    .option(
      '-r, --rule <spec>',
      'a rule: an .eql file, a detection-rules .toml, a Kibana rule export .ndjson, a directory of them, or builtin:ssh-keygen (repeatable)',
      collect,
      [] as string[],
    )
    .option('--json', 'print a JSON array with one result per rule')
    .addHelpText(
      'after',
      [
        '',
        'Prints "ok: <rule name> (<kind>)" per rule (kind: event, sequence, sample or join), or the error with',
        'a caret under the offending text. For several rules it ends with "N ok, M failed"; exit 1 if any failed.',
        'Non-EQL rules of a Kibana export or of a directory (a detection-rules checkout) are skipped and listed.',
        '',
        'Example:',
        '  $ eql-replay check --rule builtin:ssh-keygen',
        '  $ eql-replay check --query \'process where process.name : "bash" and process.args == "-c"\'',
        '  $ eql-replay check --rule rules_export.ndjson --json\n  $ eql-replay check --rule detection-rules/rules/linux',
      ].join('\n'),
    )
    .action(async (options: CheckOptions, command: Command) => {
      if ((options.query === undefined) === (options.rule.length === 0)) {
        command.error('error: give exactly one of --query <eql> or --rule <spec>', { exitCode: 2, code: 'eql-replay.usage' });
      }
      const outcomes = options.query !== undefined ? [checkQuery(options.query)] : await checkRules(options.rule, ctx);
      report(outcomes, options.json === true, ctx);
    });
}

/** A result, and the error behind a failure (so a single failure is rendered by the CLI as is). */
interface Outcome {
  readonly result: CheckResult;
  readonly error?: EqlError;
}

function checkQuery(query: string): Outcome {
  try {
    const rule = ruleFromQuery(query);
    return { result: okResult(rule) };
  } catch (error) {
    return failure({ id: null, name: 'query', source: 'query' }, error);
  }
}

async function checkRules(specs: readonly string[], ctx: CliContext): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const spec of specs) {
    const skipped: SkippedRule[] = [];
    const texts = await readRuleTexts(spec, { cwd: ctx.cwd, onSkip: (s) => skipped.push(s) });
    for (const text of texts) outcomes.push(checkText(text));
    for (const s of skipped) outcomes.push({ result: { status: 'skipped', ...s } });
  }
  return outcomes;
}

function checkText(text: RuleText): Outcome {
  try {
    return { result: okResult(parseRule(text)) };
  } catch (error) {
    return failure(text, error);
  }
}

function okResult(rule: Rule): CheckResult {
  return { status: 'ok', source: rule.source, id: rule.id, name: rule.name, kind: rule.statement.query.kind };
}

function failure(rule: { id: string | null; name: string; source: string }, error: unknown): Outcome {
  // Anything but an EQL error (a bug) propagates and is printed with its stack.
  if (!isEqlError(error)) throw error;
  const d = error.details;
  return {
    error,
    result: {
      status: 'failed',
      source: rule.source,
      id: rule.id,
      name: rule.name,
      error: {
        code: error.code,
        reason: d.reason,
        line: d.line,
        column: d.column,
        offset: d.offset,
        length: d.length,
        message: error.message,
      },
    },
  };
}

/**
 * Prints the results. A single failing query or rule is thrown as its own EQL error (the CLI prints
 * `ERR_EQL_…: …` with the caret and exits 1); with several rules each failure is printed and the run
 * ends with `ERR_RULE_CHECK` (exit 1).
 */
function report(outcomes: readonly Outcome[], json: boolean, ctx: CliContext): void {
  const failed = outcomes.filter((o) => o.result.status === 'failed');
  const ok = outcomes.filter((o) => o.result.status === 'ok').length;
  const skipped = outcomes.length - failed.length - ok;
  if (json) {
    writeLine(ctx.stdout, JSON.stringify(outcomes.map((o) => o.result), null, 2));
  } else {
    const single = outcomes.length === 1;
    for (const { result, error } of outcomes) {
      if (result.status === 'ok') writeLine(ctx.stdout, `ok: ${result.name} (${result.kind})`);
      else if (result.status === 'skipped') {
        writeLine(ctx.stdout, `skipped: ${result.name ?? result.id ?? '(unnamed)'} (${result.source}): ${result.reason}`);
      } else if (!single && error !== undefined) writeLine(ctx.stderr, `${error.code}: ${error.message}`);
    }
    if (single && failed[0]?.error !== undefined) throw failed[0].error;
    if (!single) {
      writeLine(ctx.stdout, `${ok} ok, ${failed.length} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
    }
  }
  if (failed.length > 0) {
    const total = ok + failed.length;
    throw new AppError('ERR_RULE_CHECK', `${failed.length} of ${total} rule${total === 1 ? '' : 's'} failed the check`, {
      failed: failed.length,
      ok,
      skipped,
    });
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the query is empty');
  return value;
}
