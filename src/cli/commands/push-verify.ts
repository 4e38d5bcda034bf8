/**
 * The `--verify RULE` part of `push` (PUSH.md §5): load the rule, compile the local matcher and the
 * Query DSL translation before the push, then compare after it. Kept apart from push.ts to keep both
 * readable; it is not a command of its own (not in the command table).
 */
import { normalizeQuery } from '../../eql/normalize.js';
import { compileQuery } from '../../match/compile.js';
import { DEFAULT_ECS_MAPPING } from '../../match/mapping.js';
import { toDsl } from '../../match/to-dsl.js';
import { loadRules } from '../../rules/load-rule.js';
import { createBulkClient, type PushAuth } from '../../push/bulk-client.js';
import type { StoredIds } from '../../push/push-corpus.js';
import { PushVerifyError } from '../../push/push-errors.js';
import { verifyPush, type VerifyResult } from '../../push/verify-push.js';
import { AppError } from '../../errors.js';
import { writeLine, type CliContext } from '../context.js';

/** What is prepared before the push. */
export interface PreparedVerify {
  readonly ruleName: string;
  readonly match: (doc: unknown) => boolean;
  readonly query: unknown;
  /** False when the DSL translation is looser than the matcher (script leaves not translated). */
  readonly exact: boolean;
}

/** The verify steps, as one object so push.ts imports one name. */
export const runPushVerify = {
  /**
   * Loads `spec` (a file or `builtin:name`) and compiles both sides.
   * @throws AppError (`ERR_RULE_LOAD`, `ERR_EQL_*`, `ERR_USAGE` for a pack with several rules)
   */
  async prepare(spec: string, ctx: CliContext): Promise<PreparedVerify> {
    const rules = await loadRules(spec, { cwd: ctx.cwd });
    if (rules.length !== 1) throw new AppError('ERR_USAGE', `--verify needs exactly one rule; ${spec} holds ${rules.length}`);
    const rule = rules[0]!;
    const q = normalizeQuery(rule.statement);
    const compiled = compileQuery(q, { mapping: DEFAULT_ECS_MAPPING });
    const dsl = toDsl(q, { mapping: DEFAULT_ECS_MAPPING });
    return { ruleName: rule.name, match: (doc) => compiled.predicate(doc as Record<string, unknown>), query: dsl.query, exact: dsl.exact };
  },

  /** Runs the checks against the cluster on a connection of its own. */
  async run(
    prepared: PreparedVerify,
    target: { url: string; auth: PushAuth | undefined; ca: Buffer | undefined; insecure: boolean; stored: ReadonlyMap<string, StoredIds> },
  ): Promise<VerifyResult & { rule: string; exact: boolean }> {
    const client = createBulkClient({
      url: target.url,
      ...(target.auth === undefined ? {} : { auth: target.auth }),
      ...(target.ca === undefined ? {} : { ca: target.ca }),
      insecure: target.insecure,
      compressionLevel: 0,
      connections: 1,
    });
    try {
      const result = await verifyPush({ client, stored: target.stored, query: prepared.query });
      return { ...result, rule: prepared.ruleName, exact: prepared.exact };
    } finally {
      await client.close();
    }
  },

  /** Prints both counts and the examples on either side of a difference. */
  print(v: VerifyResult & { rule: string; exact: boolean }, ctx: CliContext): void {
    writeLine(ctx.stdout, `verify ${v.rule}: ${v.ok ? 'OK' : 'MISMATCH'}`);
    for (const t of v.targets) writeLine(ctx.stdout, `  ${t.target}: server holds ${t.counted} of the ${t.expected} events stored by this run`);
    writeLine(ctx.stdout, `  rule hits: server (Query DSL) ${v.serverMatches}, local matcher ${v.localMatches}${v.exact ? '' : ' (the DSL translation is looser than the matcher: script leaves not translated)'}`);
    for (const e of v.onlyLocal) writeLine(ctx.stdout, `  only local:  ${e}`);
    for (const e of v.onlyServer) writeLine(ctx.stdout, `  only server: ${e}`);
    for (const h of v.hints) writeLine(ctx.stdout, `  hint: ${h}`);
  },

  /** @throws PushVerifyError always (exit 1) */
  fail(v: VerifyResult): never {
    throw new PushVerifyError(
      `verification failed: counts ${v.targets.map((t) => `${t.target} ${t.counted}/${t.expected}`).join(', ')}; rule hits server ${v.serverMatches} vs local ${v.localMatches}`,
      { targets: v.targets, serverMatches: v.serverMatches, localMatches: v.localMatches, onlyLocal: v.onlyLocal, onlyServer: v.onlyServer },
    );
  },
};
