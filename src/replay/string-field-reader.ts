/**
 * Reading a string field fast, for the rule indexes of parse-all mode: they read a few fields of every
 * event, and the general values model (`fieldValues`: every decomposition of dotted keys, coercion) costs
 * more than the rules it saves.
 */
import type { FieldAccess } from '../match/values.js';

const NO_VALUES: readonly string[] = [];

/**
 * A fast reader of a string field for the common shape — plain nested objects, a string or an array of
 * strings at the end — returning exactly what `fieldValues` would (one value as the string itself, so that
 * nothing is allocated), or `undefined` to ask for the general
 * values model (dotted keys at some level, nulls, numbers, objects in arrays…). Only for the fields
 * the indexes accept (term-index.ts, prefix-index.ts): keyword or unmapped, no `null_value`, no constant.
 */
export function createStringReader(access: FieldAccess): (doc: unknown) => string | readonly string[] | undefined {
  const { segments, keys } = access;
  const limit = access.resolved.mapping?.ignoreAbove ?? Number.POSITIVE_INFINITY;
  const last = segments.length - 1;
  return (doc) => {
    let node: unknown = doc;
    for (let i = 0; i <= last; i++) {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
      const object = node as Record<string, unknown>;
      // A dotted key spanning this level (`{"event.category": …}`) is another decomposition: general path.
      const row = keys[i]!;
      for (let j = i + 1; j <= last; j++) if (Object.hasOwn(object, row[j]!)) return undefined;
      if (!Object.hasOwn(object, segments[i]!)) return NO_VALUES;
      node = object[segments[i]!];
    }
    if (typeof node === 'string') return node.length <= limit ? node : NO_VALUES;
    if (!Array.isArray(node)) return undefined;
    for (const item of node) if (typeof item !== 'string' || item.length > limit) return undefined;
    return node as string[];
  };
}
