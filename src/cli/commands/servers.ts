/**
 * `eql-replay servers`: points users at the project's server script. The script is shell (it installs a
 * JDK-based server and creates a system user), so the CLI only documents and locates it.
 */
import { fileURLToPath } from 'node:url';
import { writeLine, type CliContext } from '../context.js';
import type { Command } from 'commander';

/** Registers `servers`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('servers')
    .description('print how to start and stop real OpenSearch 2 / Elasticsearch 9 / Elasticsearch 8 servers for the push path')
    .addHelpText(
      'after',
      '\nExample:\n  $ eql-replay servers\n  $ bash scripts/search-servers.sh start   # as root: downloads, starts, prints URLs',
    )
    .action(() => {
      const script = fileURLToPath(new URL('../../../../scripts/search-servers.sh', import.meta.url));
      writeLine(ctx.stdout, `server script: ${script}`);
      writeLine(ctx.stdout, `  start:  bash ${script} start [opensearch|elasticsearch|elasticsearch8|all]`);
      writeLine(ctx.stdout, `  status: bash ${script} status`);
      writeLine(ctx.stdout, `  stop:   bash ${script} stop`);
      writeLine(ctx.stdout, `  env:    bash ${script} env`);
      writeLine(ctx.stdout, 'env prints OPENSEARCH_URL=…, ELASTICSEARCH_URL=… and ELASTICSEARCH8_URL=… lines to eval.');
    });
}
