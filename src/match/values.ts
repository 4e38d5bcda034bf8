/**
 * The values model of EQL-SEMANTICS.md §3: which values a document gives a field, as Elasticsearch
 * would have indexed them.
 *
 * - Nested objects and dotted keys are the same field, in every decomposition and mixed
 *   (`{"a":{"b.c":1}}`, `{"a.b":{"c":1}}`, `{"a.b.c":1}` all give `a.b.c` the value 1).
 * - Arrays are multi-valued fields, also arrays of objects (`{"a":[{"b":1},{"b":2}]}` gives `a.b` = {1, 2}).
 * - `null`, `[]` and a missing key are no values — unless the mapping sets `null_value`.
 * - With a mapping: an alias reads its target, `ignore_above` drops longer strings (counted in UTF-16
 *   code units, Java's `String.length()`), keyword fields index numbers and booleans as their string
 *   form, numeric fields coerce numeric strings (integer types truncate toward zero), `date` fields
 *   index epoch milliseconds, `boolean` fields accept `"true"`/`"false"`, `ip` fields index the
 *   canonical address. A value the field type cannot index (ES would reject the document) is no value.
 *
 * This is the general, obviously-correct path; the compiler's generated getters take a fast path for
 * plain nested objects and fall back to {@link fieldValues} for everything else.
 */
import type { IndexedValue, ValueKind } from './compare-values.js';
import { parseNumeric } from './compare-values.js';
import { formatIp, parseIp } from './ip-address.js';
import { isExactStringType, isIntegerType, isNumericType, resolveField, type FieldMapping, type Mapping, type ResolvedField } from './mapping.js';
import { parseDateMillis } from './parse-date.js';

/** A field resolved once at compile time: where to read it and how to index what is read. */
export interface FieldAccess {
  /** The name as the query wrote it. */
  readonly name: string;
  /** The resolution against the mapping. */
  readonly resolved: ResolvedField;
  /** `sourcePath` split on dots. */
  readonly segments: readonly string[];
  /** `keys[i][j]` = `segments.slice(i, j).join('.')`, precomputed for the decomposition walk. */
  readonly keys: readonly (readonly string[])[];
  /** How values of this field compare. */
  readonly kind: ValueKind;
}

/** Resolves `name` against `mapping` and precomputes what reading it needs. */
export function createFieldAccess(mapping: Mapping | null, name: string): FieldAccess {
  const resolved = resolveField(mapping, name);
  const segments = resolved.sourcePath.split('.');
  const keys = segments.map((_, i) => segments.map((__, j) => (j < i ? '' : segments.slice(i, j + 1).join('.'))));
  // keys[i][j] (j >= i) joins segments i..j inclusive.
  return { name, resolved, segments, keys, kind: valueKindOf(resolved.mapping) };
}

/** The comparison family of a mapped field (`dynamic` without a mapping). */
export function valueKindOf(mapping: FieldMapping | null): ValueKind {
  if (mapping === null) return 'dynamic';
  const type = mapping.type;
  if (isNumericType(type)) return 'number';
  if (type === 'date' || type === 'date_nanos') return 'date';
  if (type === 'boolean') return 'boolean';
  if (type === 'ip') return 'ip';
  if (type === 'version') return 'version';
  return 'string';
}

/**
 * Every raw JSON leaf a document holds at `segments`, across all nested/dotted decompositions and
 * arrays, `null`s included (they matter for `null_value`), objects excluded. Order: document order of
 * the decompositions, then array order.
 */
export function collectSourceValues(doc: unknown, access: Pick<FieldAccess, 'segments' | 'keys'>): unknown[] {
  const out: unknown[] = [];
  walk(doc, 0, access.segments.length, access.keys, out);
  return out;
}

function walk(node: unknown, i: number, k: number, keys: readonly (readonly string[])[], out: unknown[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, i, k, keys, out);
    return;
  }
  if (i === k) {
    if (node === null || typeof node !== 'object') out.push(node);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  const row = keys[i]!;
  for (let j = i; j < k; j++) {
    const key = row[j]!;
    if (Object.hasOwn(object, key)) walk(object[key], j + 1, k, keys, out);
  }
}

/**
 * The indexed values of a field in a document (see the module comment). Multi-valued fields give
 * several; a missing field, `null` without `null_value`, `[]` and unindexable values give none.
 */
export function fieldValues(doc: unknown, access: FieldAccess): IndexedValue[] {
  const mapping = access.resolved.mapping;
  if (mapping?.type === 'constant_keyword' && mapping.constantValue !== undefined) return [mapping.constantValue];
  const raw = collectSourceValues(doc, access);
  const out: IndexedValue[] = [];
  for (const value of raw) {
    const indexed = indexValue(value, mapping);
    if (indexed !== undefined) out.push(indexed);
  }
  return out;
}

/** Indexes one raw JSON value as a field of `mapping` would; `undefined` when it gives no value. */
export function indexValue(raw: unknown, mapping: FieldMapping | null): IndexedValue | undefined {
  let value = raw;
  if (value === null || value === undefined) {
    if (mapping?.nullValue === undefined || mapping.nullValue === null) return undefined;
    value = mapping.nullValue;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  if (mapping === null) return value;
  const type = mapping.type;
  if (isExactStringType(type) || type === 'text' || type === 'match_only_text' || type === 'version') {
    const s = typeof value === 'string' ? value : String(value);
    return mapping.ignoreAbove !== undefined && s.length > mapping.ignoreAbove ? undefined : s;
  }
  if (isNumericType(type)) {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? parseNumeric(value) : Number.NaN;
    if (!Number.isFinite(n)) return undefined;
    return isIntegerType(type) ? Math.trunc(n) : n;
  }
  if (type === 'date' || type === 'date_nanos') {
    if (typeof value === 'number') return value;
    if (typeof value === 'string') return parseDateMillis(value) ?? undefined;
    return undefined;
  }
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false' || value === '') return false;
    return undefined;
  }
  if (type === 'ip') {
    if (typeof value !== 'string') return undefined;
    const ip = parseIp(value);
    return ip === null ? undefined : formatIp(ip);
  }
  if (type === 'object' || type === 'nested' || type === 'alias') return undefined;
  // Any other type (flattened, geo_point, …): take the JSON scalar as it is.
  return value;
}
