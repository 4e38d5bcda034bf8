/**
 * Where an event goes (PUSH.md §1): the data stream `{type}-{dataset}-{namespace}` named by its
 * `data_stream.*` fields, as Elastic Agent routes, unless the user overrides the target.
 */
import { readFieldPath } from './field-path.js';

/**
 * Where events without `data_stream.*` fields go when no target is given: Elastic Agent's own default for
 * a custom log input (`type` logs, `dataset` generic, `namespace` default). The summary counts events per
 * target, so a corpus that fell through to it is visible there.
 */
export const DEFAULT_DATA_STREAM = 'logs-generic-default';

/**
 * Where Elastic Endgame events (`event.module: endgame`, no `data_stream.*`) go: Endgame wrote to plain
 * `endgame-*` indices, the pattern the seed rule (and Elastic's other Endgame-era rules) search, so the
 * push keeps them where a rule looks for them. A plain index accepts `create` like a data stream.
 */
export const ENDGAME_INDEX = 'endgame-default';

/** A user override of the target. */
export type TargetOverride =
  | { readonly kind: 'data-stream'; readonly name: string }
  | { readonly kind: 'index'; readonly name: string };

/**
 * The target of one event: the override when given, else `{type}-{dataset}-{namespace}` from the
 * event's `data_stream` fields, each missing part taking Agent's default (`logs`, `generic`, `default`);
 * an event with none of them goes to {@link ENDGAME_INDEX} when it is an Endgame event, else to
 * {@link DEFAULT_DATA_STREAM}.
 */
export function routeEvent(doc: unknown, override?: TargetOverride): string {
  if (override !== undefined) return override.name;
  const type = stringField(doc, 'data_stream.type');
  const dataset = stringField(doc, 'data_stream.dataset');
  const namespace = stringField(doc, 'data_stream.namespace');
  if (type === undefined && dataset === undefined && namespace === undefined) {
    return readFieldPath(doc, 'event.module') === 'endgame' ? ENDGAME_INDEX : DEFAULT_DATA_STREAM;
  }
  return `${type ?? 'logs'}-${dataset ?? 'generic'}-${namespace ?? 'default'}`;
}

function stringField(doc: unknown, path: string): string | undefined {
  const value = readFieldPath(doc, path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
