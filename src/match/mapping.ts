/**
 * Index mappings, as far as they change what a single-event EQL query matches (EQL-SEMANTICS.md §3).
 *
 * Elasticsearch answers a query from what it *indexed*, and the mapping decides that: an `alias` reads
 * another field, `null_value` indexes a JSON `null` as a value, `ignore_above` drops long strings, a
 * `text` field is matched through its exact (`keyword`) multi-field, numeric and `date` fields coerce.
 * This module only parses and resolves mappings; `values.ts` applies them to documents.
 */
import { readFile } from 'node:fs/promises';
import { AppError, IoError } from '../errors.js';
import type { Scalar } from '../eql/ast.js';

/**
 * How one field is mapped. `type` is Elasticsearch's type name (`keyword`, `wildcard`, `text`,
 * `match_only_text`, `constant_keyword`, `long`, `integer`, `short`, `byte`, `double`, `float`,
 * `half_float`, `scaled_float`, `unsigned_long`, `date`, `date_nanos`, `ip`, `boolean`, `version`,
 * `alias`, `object`, `nested`, `flattened`, …); unknown type names are kept as written.
 */
export interface FieldMapping {
  readonly type: string;
  /** Strings longer than this many UTF-16 code units are not indexed (Java `String.length()`). */
  readonly ignoreAbove?: number;
  /** The value a JSON `null` is indexed as. */
  readonly nullValue?: Scalar;
  /** For `type: "alias"`: the full dotted name of the field it reads. */
  readonly aliasPath?: string;
  /**
   * For a multi-field (`file_name.keyword` under `"fields"`): the full name of the field whose `_source`
   * value it indexes (`file_name`). Multi-fields have no value of their own in `_source`.
   */
  readonly multiFieldOf?: string;
  /** Full names of this field's multi-fields, in mapping order (`["file_name.keyword"]`). */
  readonly multiFields?: readonly string[];
  /** For `constant_keyword`: the one value every document of the index has. */
  readonly constantValue?: string;
}

/** A parsed mapping: every field by its full dotted name (objects, aliases and multi-fields included). */
export interface Mapping {
  readonly fields: ReadonlyMap<string, FieldMapping>;
}

/**
 * A field name resolved against a mapping.
 *
 * - `path`: the indexed field Elasticsearch queries — aliases followed, and for a `text` field the exact
 *   multi-field EQL uses instead (`file_name` → `file_name.keyword`), as ES EQL's `exactAttribute()` does.
 * - `sourcePath`: where the value lives in `_source` (`file_name` for `file_name.keyword`).
 * - `mapping`: the mapping of `path`, or `null` for a field the mapping does not know (dynamic: values are
 *   taken as JSON gives them).
 */
export interface ResolvedField {
  readonly path: string;
  readonly sourcePath: string;
  readonly mapping: FieldMapping | null;
}

/** Types whose values are matched exactly as strings (the "exact" types of ES's `DataTypes`). */
const EXACT_STRING_TYPES = new Set(['keyword', 'wildcard', 'constant_keyword']);

/** Types that are analysed text: EQL matches them through an exact multi-field when there is one. */
const TEXT_TYPES = new Set(['text', 'match_only_text']);

/** A malformed mapping: names the file (or `<mapping>`), the key path inside it, and what is wrong. */
export class MappingError extends AppError {
  constructor(source: string, key: string, reason: string, options?: { cause?: unknown }) {
    super('ERR_MATCH_MAPPING', `${source}: ${key === '' ? '' : `${key}: `}${reason}`, { source, key, reason }, options);
    this.name = 'MappingError';
  }
}

/**
 * Parses a mapping in any of the shapes Elasticsearch prints or accepts:
 * `{"properties": …}`, `{"mappings": {"properties": …}}`, a `GET <index>/_mapping` response
 * (`{"idx": {"mappings": …}, …}` — several indices are merged), an index or component template
 * (`{"template": {"mappings": …}}`) and a pre-7 typed mapping (`{"mappings": {"_doc": {"properties": …}}}`).
 * Multi-fields (`"fields"`) become fields of their own (`file_name.keyword`).
 *
 * @param json the parsed JSON.
 * @param source a name for messages (the file path); default `<mapping>`.
 * @throws {MappingError} `ERR_MATCH_MAPPING` naming the source and the bad key: an unknown shape, a
 *   property without `type` or `properties`, a non-integer `ignore_above`, an alias without a path or
 *   whose path is missing / another alias / an object, the same field mapped twice with different types.
 */
export function parseMapping(json: unknown, source = '<mapping>'): Mapping {
  const fields = new Map<string, FieldMapping>();
  for (const { properties, key } of findPropertyBlocks(json, source)) {
    walkProperties(properties, '', key, source, fields);
  }
  validateAliases(fields, source);
  return { fields };
}

/**
 * Parses mapping *text* the way Elasticsearch's EQL QA `DataLoader.readMapping` does: lines that start
 * with `#` are dropped and every `[runtime_random_keyword_type]` placeholder becomes `keyword` (the
 * loader's default), then {@link parseMapping}.
 *
 * @throws {MappingError} `ERR_MATCH_MAPPING` for invalid JSON (with the parser's message) or a bad mapping.
 */
export function parseMappingText(text: string, source = '<mapping>'): Mapping {
  const cleaned = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replaceAll('[runtime_random_keyword_type]', 'keyword');
  let json: unknown;
  try {
    json = JSON.parse(cleaned);
  } catch (error) {
    throw new MappingError(source, '', `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseMapping(json, source);
}

/**
 * Reads and parses a mapping file (see {@link parseMappingText} for the accepted text).
 *
 * @throws {IoError} `ERR_IO` when the file cannot be read.
 * @throws {MappingError} `ERR_MATCH_MAPPING` when it is not a mapping.
 */
export async function loadMappingFile(path: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IoError(path, 'read mapping file', error);
  }
  return parseMappingText(text, path);
}

/**
 * Resolves a field name as Elasticsearch's EQL does: follows an alias to its target, and for a `text`
 * field switches to its first exact (`keyword`/`wildcard`/`constant_keyword`) multi-field. A multi-field
 * named directly (`file_name.keyword`) reads its parent's `_source` value. Without a mapping (or for a
 * field it does not know) the name is its own path and source, with a `null` mapping.
 */
export function resolveField(mapping: Mapping | null, name: string): ResolvedField {
  if (mapping === null) return { path: name, sourcePath: name, mapping: null };
  let path = name;
  let field = mapping.fields.get(path);
  if (field?.type === 'alias' && field.aliasPath !== undefined) {
    path = field.aliasPath;
    field = mapping.fields.get(path);
  }
  if (field === undefined) return { path, sourcePath: path, mapping: null };
  if (TEXT_TYPES.has(field.type)) {
    const exact = field.multiFields
      ?.map((sub) => ({ sub, m: mapping.fields.get(sub) }))
      .find(({ m }) => m !== undefined && EXACT_STRING_TYPES.has(m.type));
    if (exact?.m !== undefined) return { path: exact.sub, sourcePath: path, mapping: exact.m };
  }
  return { path, sourcePath: field.multiFieldOf ?? path, mapping: field };
}

/** True for the mapping types that index numbers (`long` … `unsigned_long`). */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.has(type);
}

/** True for the integral numeric types, whose values ES truncates toward zero when coercing. */
export function isIntegerType(type: string): boolean {
  return INTEGER_TYPES.has(type);
}

/** True for the exact string types (`keyword`, `wildcard`, `constant_keyword`). */
export function isExactStringType(type: string): boolean {
  return EXACT_STRING_TYPES.has(type);
}

const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const NUMERIC_TYPES = new Set([...INTEGER_TYPES, 'double', 'float', 'half_float', 'scaled_float']);

// ───────────────────────────── parsing ─────────────────────────────

interface PropertyBlock {
  readonly properties: Record<string, unknown>;
  readonly key: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds the top-level `properties` object(s) of the accepted shapes, with the key path that led there. */
function findPropertyBlocks(json: unknown, source: string): PropertyBlock[] {
  if (!isObject(json)) throw new MappingError(source, '', 'expected a JSON object');
  const fromMappings = (mappings: unknown, key: string): PropertyBlock[] => {
    if (!isObject(mappings)) throw new MappingError(source, key, 'expected an object');
    if ('properties' in mappings) return [propertiesAt(mappings, key, source)];
    // `{"mappings": {}}` (an empty index) has no fields; a typed mapping has one type name.
    const typed = Object.keys(mappings).filter((k) => {
      const v = mappings[k];
      return isObject(v) && 'properties' in v;
    });
    if (typed.length === 1) return [propertiesAt(mappings[typed[0]!] as Record<string, unknown>, `${key}.${typed[0]!}`, source)];
    if (typed.length > 1) throw new MappingError(source, key, `has several mapping types (${typed.join(', ')})`);
    return [];
  };
  if ('properties' in json) return [propertiesAt(json, '', source)];
  if ('mappings' in json) return fromMappings(json['mappings'], 'mappings');
  if ('template' in json && isObject(json['template']) && 'mappings' in json['template']) {
    return fromMappings(json['template']['mappings'], 'template.mappings');
  }
  // A `GET _mapping` response: index name → {mappings}.
  const entries = Object.entries(json);
  if (entries.length > 0 && entries.every(([, v]) => isObject(v) && 'mappings' in v)) {
    return entries.flatMap(([index, v]) => fromMappings((v as Record<string, unknown>)['mappings'], `${index}.mappings`));
  }
  throw new MappingError(
    source,
    '',
    'not a mapping: expected {"properties": …}, {"mappings": …}, {"template": {"mappings": …}} or a GET _mapping response',
  );
}

function propertiesAt(container: Record<string, unknown>, key: string, source: string): PropertyBlock {
  const properties = container['properties'];
  const at = key === '' ? 'properties' : `${key}.properties`;
  if (!isObject(properties)) throw new MappingError(source, at, 'expected an object');
  return { properties, key: at };
}

function walkProperties(
  properties: Record<string, unknown>,
  prefix: string,
  key: string,
  source: string,
  out: Map<string, FieldMapping>,
): void {
  for (const [name, raw] of Object.entries(properties)) {
    const full = prefix === '' ? name : `${prefix}.${name}`;
    const at = `${key}.${name}`;
    if (!isObject(raw)) throw new MappingError(source, at, 'expected an object');
    const type = raw['type'];
    if (type !== undefined && typeof type !== 'string') throw new MappingError(source, `${at}.type`, 'expected a string');
    if (isObject(raw['properties'])) {
      // An object (or nested) field: its children are fields of their own.
      define(out, full, { type: type ?? 'object' }, at, source);
      walkProperties(raw['properties'], full, `${at}.properties`, source, out);
      continue;
    }
    if (raw['properties'] !== undefined) throw new MappingError(source, `${at}.properties`, 'expected an object');
    if (type === undefined) throw new MappingError(source, at, 'has neither "type" nor "properties"');
    const field = readLeaf(raw, type, at, source);
    const subNames: string[] = [];
    if (raw['fields'] !== undefined) {
      if (!isObject(raw['fields'])) throw new MappingError(source, `${at}.fields`, 'expected an object');
      for (const [subName, subRaw] of Object.entries(raw['fields'])) {
        const subAt = `${at}.fields.${subName}`;
        if (!isObject(subRaw)) throw new MappingError(source, subAt, 'expected an object');
        const subType = subRaw['type'];
        if (typeof subType !== 'string') throw new MappingError(source, `${subAt}.type`, 'expected a string');
        if (subType === 'alias') throw new MappingError(source, subAt, 'a multi-field cannot be an alias');
        const sub = `${full}.${subName}`;
        define(out, sub, { ...readLeaf(subRaw, subType, subAt, source), multiFieldOf: full }, subAt, source);
        subNames.push(sub);
      }
    }
    define(out, full, subNames.length > 0 ? { ...field, multiFields: subNames } : field, at, source);
  }
}

function readLeaf(raw: Record<string, unknown>, type: string, at: string, source: string): FieldMapping {
  const field: { -readonly [K in keyof FieldMapping]: FieldMapping[K] } = { type };
  const ignoreAbove = raw['ignore_above'];
  if (ignoreAbove !== undefined) {
    if (typeof ignoreAbove !== 'number' || !Number.isInteger(ignoreAbove) || ignoreAbove < 0) {
      throw new MappingError(source, `${at}.ignore_above`, `expected a non-negative integer, got ${JSON.stringify(ignoreAbove)}`);
    }
    field.ignoreAbove = ignoreAbove;
  }
  const nullValue = raw['null_value'];
  if (nullValue !== undefined && nullValue !== null) {
    if (typeof nullValue !== 'string' && typeof nullValue !== 'number' && typeof nullValue !== 'boolean') {
      throw new MappingError(source, `${at}.null_value`, `expected a string, number or boolean, got ${JSON.stringify(nullValue)}`);
    }
    field.nullValue = nullValue;
  }
  if (type === 'alias') {
    const path = raw['path'];
    if (typeof path !== 'string' || path === '') throw new MappingError(source, `${at}.path`, 'an alias needs a non-empty string "path"');
    field.aliasPath = path;
  }
  if (type === 'constant_keyword' && raw['value'] !== undefined) {
    if (typeof raw['value'] !== 'string') throw new MappingError(source, `${at}.value`, 'expected a string');
    field.constantValue = raw['value'];
  }
  return field;
}

function define(out: Map<string, FieldMapping>, name: string, field: FieldMapping, at: string, source: string): void {
  const existing = out.get(name);
  if (existing !== undefined && existing.type !== field.type) {
    throw new MappingError(source, at, `field "${name}" is mapped as "${existing.type}" and as "${field.type}"`);
  }
  out.set(name, existing === undefined ? field : { ...existing, ...field });
}

/** Elasticsearch refuses an alias whose target is missing, another alias, or an object. */
function validateAliases(fields: ReadonlyMap<string, FieldMapping>, source: string): void {
  for (const [name, field] of fields) {
    if (field.type !== 'alias' || field.aliasPath === undefined) continue;
    const target = fields.get(field.aliasPath);
    const at = `${name}.path`;
    if (target === undefined) throw new MappingError(source, at, `alias target "${field.aliasPath}" is not mapped`);
    if (target.type === 'alias') throw new MappingError(source, at, `alias target "${field.aliasPath}" is itself an alias`);
    if (target.type === 'object' || target.type === 'nested') {
      throw new MappingError(source, at, `alias target "${field.aliasPath}" is an object, not a field`);
    }
  }
}

// ───────────────────────────── the built-in ECS default ─────────────────────────────

/** `keyword` with Elastic Defend's `ignore_above: 1024` (endpoint package, file data stream). */
const DEFEND_KEYWORDS = [
  'agent.id', 'agent.type', 'agent.version', 'ecs.version', 'elastic.agent.id',
  'event.action', 'event.category', 'event.code', 'event.dataset', 'event.hash', 'event.id', 'event.kind',
  'event.module', 'event.outcome', 'event.provider', 'event.type', 'event.Ext.correlation.id',
  'file.Ext.header_bytes', 'file.Ext.original.extension', 'file.Ext.original.gid', 'file.Ext.original.group',
  'file.Ext.original.mode', 'file.Ext.original.name', 'file.Ext.original.owner', 'file.Ext.original.path',
  'file.Ext.original.uid', 'file.attributes', 'file.device', 'file.directory', 'file.extension', 'file.gid',
  'file.group', 'file.hash.md5', 'file.hash.sha1', 'file.hash.sha256', 'file.hash.sha512', 'file.inode',
  'file.mime_type', 'file.mode', 'file.name', 'file.owner', 'file.path', 'file.target_path', 'file.type', 'file.uid',
  'group.Ext.real.id', 'group.Ext.real.name', 'group.domain', 'group.id', 'group.name',
  'host.architecture', 'host.domain', 'host.hostname', 'host.id', 'host.mac', 'host.name', 'host.type',
  'host.os.Ext.variant', 'host.os.family', 'host.os.full', 'host.os.kernel', 'host.os.name', 'host.os.platform',
  'host.os.type', 'host.os.version',
  'process.Ext.ancestry', 'process.args', 'process.entity_id', 'process.entry_leader.entity_id',
  'process.entry_leader.parent.entity_id', 'process.executable', 'process.group_leader.entity_id', 'process.name',
  'process.parent.entity_id', 'process.parent.executable', 'process.parent.name', 'process.session_leader.entity_id',
  'process.working_directory', 'process.hash.md5', 'process.hash.sha1', 'process.hash.sha256',
  'user.Ext.real.id', 'user.Ext.real.name', 'user.domain', 'user.email', 'user.group.id', 'user.group.name',
  'user.hash', 'user.id', 'user.name',
] as const;

/** ECS `long` fields of the file and process data streams. */
const DEFEND_LONGS = [
  'event.sequence', 'event.severity', 'file.size', 'host.uptime', 'process.args_count', 'process.exit_code',
  'process.parent.pid', 'process.pid', 'process.ppid', 'process.thread.id',
] as const;

/** ECS `date` fields. */
const DEFEND_DATES = [
  '@timestamp', 'event.created', 'event.ingested', 'file.accessed', 'file.created', 'file.ctime', 'file.mtime',
  'process.start', 'process.parent.start',
] as const;

function buildDefaultEcsMapping(): Mapping {
  const fields = new Map<string, FieldMapping>();
  for (const name of DEFEND_KEYWORDS) fields.set(name, { type: 'keyword', ignoreAbove: 1024 });
  for (const name of DEFEND_LONGS) fields.set(name, { type: 'long' });
  for (const name of DEFEND_DATES) fields.set(name, { type: 'date' });
  // ECS maps command lines as `wildcard` without ignore_above (Defend only limits the `.caseless` multi-field).
  fields.set('process.command_line', { type: 'wildcard' });
  fields.set('process.parent.command_line', { type: 'wildcard' });
  fields.set('file.Ext.entropy', { type: 'double' });
  fields.set('file.Ext.monotonic_id', { type: 'unsigned_long' });
  fields.set('host.ip', { type: 'ip' });
  fields.set('message', { type: 'match_only_text' });
  for (const name of ['data_stream.dataset', 'data_stream.namespace', 'data_stream.type']) {
    fields.set(name, { type: 'constant_keyword' });
  }
  return { fields };
}

/**
 * The built-in default mapping: Elastic Defend's (endpoint package) mapping of the ECS fields that Linux
 * file rules read — `keyword` with `ignore_above: 1024` for names, paths, ids and categories; `long` for
 * pids, sizes and `event.sequence`; `date` for `@timestamp` and friends; `wildcard` (no limit) for
 * `process.command_line`; `ip` for `host.ip`. A field it does not list is dynamic: taken as JSON gives it.
 * The `.caseless`/`.text` multi-fields are left out (EQL never reads them unless named).
 */
export const DEFAULT_ECS_MAPPING: Mapping = buildDefaultEcsMapping();
