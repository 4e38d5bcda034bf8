/**
 * Reading a dotted field path from a JSON document the way Elasticsearch resolves it: `a.b.c` may be
 * nested objects, flat dotted keys (`"data_stream.type": …`) or any mix of both (EQL-SEMANTICS.md on
 * dotted keys).
 */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The first value found at `path` (nested or dotted keys), or `undefined`. Arrays are not traversed:
 * routing, ids and timestamps are single values.
 */
export function readFieldPath(doc: unknown, path: string): unknown {
  return lookup(doc, path.split('.'), 0);
}

/**
 * Replaces the value at `path` with `update(old)` in place, wherever it is found (nested or dotted);
 * returns how many places changed.
 */
export function updateFieldPath(doc: unknown, path: string, update: (old: unknown) => unknown): number {
  return updateAt(doc, path.split('.'), 0, update);
}

function lookup(node: unknown, parts: readonly string[], from: number): unknown {
  if (!isJsonObject(node)) return undefined;
  let key = '';
  for (let i = from; i < parts.length; i += 1) {
    key = i === from ? parts[i]! : `${key}.${parts[i]!}`;
    if (!Object.hasOwn(node, key)) continue;
    const value = node[key];
    if (i === parts.length - 1) return value;
    const found = lookup(value, parts, i + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function updateAt(node: unknown, parts: readonly string[], from: number, update: (old: unknown) => unknown): number {
  if (!isJsonObject(node)) return 0;
  let changed = 0;
  let key = '';
  for (let i = from; i < parts.length; i += 1) {
    key = i === from ? parts[i]! : `${key}.${parts[i]!}`;
    if (!Object.hasOwn(node, key)) continue;
    if (i === parts.length - 1) {
      node[key] = update(node[key]);
      changed += 1;
    } else {
      changed += updateAt(node[key], parts, i + 1, update);
    }
  }
  return changed;
}
