/**
 * `eql-replay compile`: shows what a rule compiles to — the normalized condition (EQL-SEMANTICS.md §2,
 * §4), and on request the generated JS predicate, the Elasticsearch Query DSL and the byte prefilter.
 */
import type { Command } from 'commander';
import { compileQuery } from '../../match/compile.js';
import { describePrefilter, buildPrefilter, prefilterToJson } from '../../match/prefilter.js';
import { printCond } from '../../match/print-cond.js';
import { toDsl } from '../../match/to-dsl.js';
import { writeLine, type CliContext } from '../context.js';
import { addMappingOptions, addOneRuleOptions, loadMatchQuery } from '../load-match-query.js';

interface CompileOptions {
  readonly query?: string;
  readonly rule?: string;
  readonly categoryField: string;
  readonly mapping?: string | boolean;
  readonly showJs?: boolean;
  readonly showDsl?: boolean;
  readonly showPrefilter?: boolean;
  readonly json?: boolean;
}

/** Registers `compile`. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command('compile')
    .description('show the normalized condition of a single-event rule, and optionally its JS predicate, Query DSL and prefilter');
  addMappingOptions(addOneRuleOptions(command))
    .option('--show-js', 'print the generated JavaScript predicate')
    .option('--show-dsl', 'print the Elasticsearch Query DSL filter the rule becomes')
    .option('--show-prefilter', 'print the raw-bytes prefilter that rejects lines before JSON parsing')
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      [
        '',
        'Without --show-* it prints the rule and its normalized condition, one leaf per line: exactly what',
        'each event is tested against (category term, must_not forms, pushed-down not).',
        '',
        'Example:',
        '  $ eql-replay compile --rule builtin:ssh-keygen --show-js',
        '  $ eql-replay compile --query \'file where file.path : "/etc/*"\' --show-dsl --json',
        '  $ eql-replay compile --rule rule.toml --mapping mapping.json --show-prefilter',
      ].join('\n'),
    )
    .action(async (options: CompileOptions) => {
      const loaded = await loadMatchQuery(options, ctx);
      const { normalized, mapping, rule } = loaded;
      const compiled = compileQuery(normalized, { mapping });
      const dsl = options.showDsl === true ? toDsl(normalized, { mapping }) : undefined;
      const prefilter = options.showPrefilter === true ? buildPrefilter(normalized, { mapping }) : undefined;
      if (options.json === true) {
        const out = {
          rule: { id: rule.id, name: rule.name, source: rule.source },
          mapping: loaded.mappingName,
          categoryField: normalized.categoryField,
          condition: printCond(normalized.condition),
          pipes: normalized.pipes,
          ...(options.showJs === true ? { js: compiled.source } : {}),
          ...(dsl === undefined ? {} : { dsl }),
          ...(prefilter === undefined ? {} : { prefilter: prefilterToJson(prefilter) }),
        };
        writeLine(ctx.stdout, JSON.stringify(out, null, 2));
        return;
      }
      writeLine(ctx.stdout, `rule: ${rule.name}${rule.id === null ? '' : ` (${rule.id})`}`);
      writeLine(ctx.stdout, `mapping: ${loaded.mappingName}`);
      writeLine(ctx.stdout, 'condition:');
      writeLine(ctx.stdout, `  ${printCond(normalized.condition, { multiline: true })}`);
      for (const pipe of normalized.pipes) writeLine(ctx.stdout, `  | ${pipe.name} ${pipe.count}`);
      if (options.showJs === true) {
        writeLine(ctx.stdout, '\njs:');
        ctx.stdout.write(compiled.source);
      }
      if (dsl !== undefined) {
        writeLine(ctx.stdout, `\ndsl${dsl.exact ? '' : ' (a superset: script leaves are not translated)'}:`);
        writeLine(ctx.stdout, JSON.stringify(dsl.query, null, 2));
      }
      if (prefilter !== undefined) {
        writeLine(ctx.stdout, '\nprefilter:');
        writeLine(ctx.stdout, describePrefilter(prefilter));
      }
    });
}
