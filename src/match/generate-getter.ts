/**
 * Generates the JS source of a field getter for the compiled predicate (STYLE.md §2): a fast path for
 * the common shape — plain nested objects, one scalar at the end that the field indexes as it is — and
 * a fallback to the general values model (`fieldValues`) for everything else: dotted keys, arrays,
 * `null` (null_value), values that need coercion, unusual objects.
 *
 * A getter returns `undefined` (no values), one indexed value (a primitive), or an array of indexed
 * values; `typeof r === "object"` tells the array case.
 */
import { isIntegerType } from './mapping.js';
import type { FieldAccess } from './values.js';

/** Names of `Object.prototype` members: a plain property read would find them, so such paths go general. */
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The source of `function <name>(doc) { … }` for `access`; `accessVar` names the hoisted FieldAccess
 * the fallback passes to `fieldValues`.
 */
export function generateGetter(name: string, access: FieldAccess, accessVar: string): string {
  const general = `return fieldValues(doc, ${accessVar});`;
  const { segments, keys } = access;
  const mapping = access.resolved.mapping;
  const lines = [`function ${name}(doc) {`];
  const allKeys = keys.flatMap((row, i) => row.slice(i));
  if (
    (mapping?.type === 'constant_keyword' && mapping.constantValue !== undefined) ||
    allKeys.some((k) => PROTOTYPE_KEYS.has(k)) ||
    access.kind === 'ip' ||
    access.kind === 'boolean'
  ) {
    lines.push(`  ${general}`, '}');
    return lines.join('\n');
  }
  let node = 'doc';
  for (let i = 0; i < segments.length; i++) {
    const dotted = keys[i]!.slice(i + 1).map((k) => `${node}[${JSON.stringify(k)}] !== undefined`);
    if (dotted.length > 0) lines.push(`  if (${dotted.join(' || ')}) ${general}`);
    const key = JSON.stringify(segments[i]!);
    if (i === segments.length - 1) {
      lines.push(`  const v = ${node}[${key}];`);
      break;
    }
    const next = `o${i + 1}`;
    lines.push(`  const ${next} = ${node}[${key}];`);
    lines.push(`  if (${next} === undefined || ${next} === null) return undefined;`);
    lines.push(`  if (typeof ${next} !== "object" || Array.isArray(${next})) ${general}`);
    node = next;
  }
  const ignoreAbove = mapping?.ignoreAbove;
  if (access.kind === 'string' || access.kind === 'dynamic' || access.kind === 'version') {
    lines.push(
      ignoreAbove === undefined
        ? '  if (typeof v === "string") return v;'
        : `  if (typeof v === "string") return v.length <= ${ignoreAbove} ? v : undefined;`,
    );
  }
  if (access.kind === 'dynamic' || access.kind === 'date') lines.push('  if (typeof v === "number") return v;');
  if (access.kind === 'number') {
    lines.push(
      mapping !== null && isIntegerType(mapping.type)
        ? '  if (typeof v === "number" && Number.isInteger(v)) return v;'
        : '  if (typeof v === "number" && Number.isFinite(v)) return v;',
    );
  }
  if (access.kind === 'dynamic') lines.push('  if (typeof v === "boolean") return v;');
  lines.push('  if (v === undefined) return undefined;', `  ${general}`, '}');
  return lines.join('\n');
}
