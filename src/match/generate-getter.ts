/**
 * Generates the JS source of a field getter for the compiled predicate (STYLE.md §2): a fast path for
 * the common shapes — plain nested objects ending in one value, or in an array of values, that the field
 * indexes as they are — and a fallback to the general values model (`fieldValues`) for everything else:
 * dotted keys, arrays of objects, nested arrays, `null` (null_value), over-long strings in an array,
 * values that need coercion, unusual objects.
 *
 * A getter returns `undefined` (no values), one indexed value (a primitive), or an array of indexed
 * values (possibly the document's own array: callers only read it); `typeof r === "object"` tells the
 * array case. Every fast path returns exactly what `fieldValues` would (EQL-SEMANTICS.md §3); the
 * property tests compare the compiled predicate with the reference interpreter to hold it to that.
 */
import { isExactStringType, isIntegerType, isNumericType, type FieldMapping } from './mapping.js';
import type { FieldAccess } from './values.js';

/** Names of `Object.prototype` members: a plain property read would find them, so such paths go general. */
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Words a getter may not bind (reserved words, strict-mode restrictions) and the names a getter body
 * uses itself; a key that would spell one gets a numbered name instead.
 */
const UNBINDABLE = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete',
  'do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements',
  'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public',
  'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'undefined', 'var', 'void',
  'while', 'with', 'yield', 'doc', 'v', 'x', 'i', 'fieldValues',
]);

/**
 * How a field of `mapping` indexes a raw JSON value that needs no work: the test (over the variable
 * `x`) for a value it indexes as it is, the test for one it does not (to fall back on), and the
 * `ignore_above` limit a lone over-long string is dropped by. Mirrors `indexValue` in values.ts;
 * `null` for a field type that always takes the general path.
 */
interface AsIs {
  readonly accepts: (x: string) => string;
  readonly rejects: (x: string) => string;
  readonly ignoreAbove?: number;
  /** The name of the array check (`allStringsUpTo1024`) and what it accepts, for its comment. */
  readonly all: string;
  readonly what: string;
}

function asIsOf(mapping: FieldMapping | null): AsIs | null {
  if (mapping === null) {
    // Dynamic: strings, numbers and booleans are taken as JSON gives them (§3).
    const accepts = (x: string): string => `typeof ${x} === "string" || typeof ${x} === "number" || typeof ${x} === "boolean"`;
    return { accepts, rejects: (x) => `!(${accepts(x)})`, all: 'allScalars', what: 'strings, numbers and booleans' };
  }
  const type = mapping.type;
  if (isExactStringType(type) || type === 'text' || type === 'match_only_text' || type === 'version') {
    if (type === 'constant_keyword' && mapping.constantValue !== undefined) return null;
    const limit = mapping.ignoreAbove;
    if (limit === undefined) return { accepts: (x) => `typeof ${x} === "string"`, rejects: (x) => `typeof ${x} !== "string"`, all: 'allStrings', what: 'strings' };
    return {
      accepts: (x) => `typeof ${x} === "string"`,
      rejects: (x) => `typeof ${x} !== "string" || ${x}.length > ${limit}`,
      ignoreAbove: limit,
      all: `allStringsUpTo${limit}`,
      what: `strings of at most ${limit} UTF-16 code units (ignore_above)`,
    };
  }
  if (isNumericType(type)) {
    // Integer types truncate a fraction; an integral number is already what they index.
    const integer = isIntegerType(type);
    const check = integer ? 'Number.isInteger' : 'Number.isFinite';
    return {
      accepts: (x) => `typeof ${x} === "number" && ${check}(${x})`,
      rejects: (x) => `typeof ${x} !== "number" || !${check}(${x})`,
      all: integer ? 'allIntegers' : 'allFiniteNumbers',
      what: integer ? 'integral numbers' : 'finite numbers',
    };
  }
  if (type === 'date' || type === 'date_nanos') {
    return { accepts: (x) => `typeof ${x} === "number"`, rejects: (x) => `typeof ${x} !== "number"`, all: 'allNumbers', what: 'numbers (epoch milliseconds)' };
  }
  if (type === 'boolean') return { accepts: (x) => `typeof ${x} === "boolean"`, rejects: (x) => `typeof ${x} !== "boolean"`, all: 'allBooleans', what: 'booleans' };
  // ip (canonical form), constant_keyword, object/nested/alias (no values), anything else: general.
  return null;
}

/** A readable local name for the object under `key` (`event`, `eventData`), or null when none is safe. */
function localName(key: string, taken: ReadonlySet<string>): string | null {
  const parts = key.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const name = parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join('');
  // `all…` names the array checks the getter calls.
  if (!/^[a-z][A-Za-z0-9]*$/.test(name) || /^all[A-Z]/.test(name) || UNBINDABLE.has(name) || taken.has(name)) return null;
  return name;
}

/** `node.key` when `key` is an identifier name, else `node["key"]`. */
function member(node: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${node}.${key}` : `${node}[${JSON.stringify(key)}]`;
}

/** A generated getter: its source, whether it calls `fieldValues`, and the array check it calls, if any. */
export interface GeneratedGetter {
  readonly source: string;
  readonly usesFieldValues: boolean;
  /** A shared helper `all…(values)` the getter calls for its array fast path (declare it once per name). */
  readonly arrayCheck: { readonly name: string; readonly source: string } | null;
}

function arrayCheck(asIs: AsIs): { name: string; source: string } {
  return {
    name: asIs.all,
    source: [
      `// True when every value of an array indexes as it is: ${asIs.what}.`,
      `function ${asIs.all}(values) {`,
      '  for (let i = 0; i < values.length; i++) {',
      '    const x = values[i];',
      `    if (${asIs.rejects('x')}) return false;`,
      '  }',
      '  return true;',
      '}',
    ].join('\n'),
  };
}

/**
 * The source of `function <name>(doc) { … }` for `access`; `accessVar` names the hoisted FieldAccess
 * the fallback passes to `fieldValues`.
 */
export function generateGetter(name: string, access: FieldAccess, accessVar: string): GeneratedGetter {
  const general = `return fieldValues(doc, ${accessVar});`;
  const { segments, keys } = access;
  const mapping = access.resolved.mapping;
  const lines = [`function ${name}(doc) {`];
  const done = (usesFieldValues = true, check: GeneratedGetter['arrayCheck'] = null): GeneratedGetter => ({
    source: [...lines, '}'].join('\n'),
    usesFieldValues,
    arrayCheck: check,
  });
  if (mapping?.type === 'constant_keyword' && mapping.constantValue !== undefined) {
    // Every document of the index has the mapping's value, whatever its source says.
    lines.push(`  return ${JSON.stringify(mapping.constantValue)};`);
    return done(false);
  }
  if (mapping !== null && (mapping.type === 'object' || mapping.type === 'nested' || mapping.type === 'alias')) {
    // An object field (or an alias to nothing) indexes no value of its own.
    lines.push('  return undefined;');
    return done(false);
  }
  const asIs = asIsOf(mapping);
  const allKeys = keys.flatMap((row, i) => row.slice(i));
  if (asIs === null || allKeys.some((k) => PROTOTYPE_KEYS.has(k))) {
    lines.push(`  ${general}`);
    return done();
  }
  const taken = new Set<string>();
  let node = 'doc';
  for (let i = 0; i < segments.length; i++) {
    // The same field spelled with a dotted key from here on (`{"event.category": …}`): general path.
    const dotted = keys[i]!.slice(i + 1).map((k) => `${member(node, k)} !== undefined`);
    if (dotted.length > 0) lines.push(`  if (${dotted.join(' || ')}) ${general}`);
    if (i === segments.length - 1) {
      lines.push(`  const v = ${member(node, segments[i]!)};`);
      break;
    }
    const next = localName(segments[i]!, taken) ?? `o${i + 1}`;
    taken.add(next);
    lines.push(`  const ${next} = ${member(node, segments[i]!)};`);
    // A missing object, null or a scalar where an object belongs holds no values below it (§3).
    lines.push(`  if (typeof ${next} !== "object" || ${next} === null) return undefined;`);
    lines.push(`  if (Array.isArray(${next})) ${general}`);
    node = next;
  }
  if (asIs.ignoreAbove !== undefined) {
    // A lone string over ignore_above is not indexed: no values (§3).
    lines.push(`  if (typeof v === "string") return v.length <= ${asIs.ignoreAbove} ? v : undefined;`);
  } else {
    lines.push(`  if (${asIs.accepts('v')}) return v;`);
  }
  // An array (a multi-valued field, §3) whose values all index as they are is the value set itself.
  const check = arrayCheck(asIs);
  lines.push('  if (v === undefined) return undefined;', `  if (Array.isArray(v) && ${check.name}(v)) return v;`, `  ${general}`);
  return done(true, check);
}
