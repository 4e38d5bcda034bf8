import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  DEFAULT_ECS_MAPPING,
  parseMapping,
  parseMappingText,
  resolveField,
  type Mapping,
} from '../../src/match/mapping.js';

const SHARED = new URL('../../../shared/conformance/es-eql/data/', import.meta.url);

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('parseMapping', () => {
  const props = {
    properties: {
      event_type: { type: 'keyword' },
      event: { properties: { category: { type: 'alias', path: 'event_type' } } },
      file_name: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
      opt: { type: 'keyword', null_value: 'NULL' },
    },
  };

  test.for([
    ['properties', props],
    ['mappings', { mappings: props }],
    ['GET _mapping response', { 'endgame-140': { mappings: props } }],
    ['template', { template: { mappings: props } }],
    ['typed mapping', { mappings: { _doc: props } }],
  ] as const)('accepts the %s shape', ([, json]) => {
    const m = parseMapping(json);
    expect([...m.fields.keys()].sort()).toEqual(
      ['event', 'event.category', 'event_type', 'file_name', 'file_name.keyword', 'opt'].sort(),
    );
    expect(m.fields.get('file_name.keyword')).toEqual({ type: 'keyword', ignoreAbove: 256, multiFieldOf: 'file_name' });
    expect(m.fields.get('opt')).toEqual({ type: 'keyword', nullValue: 'NULL' });
  });

  test('resolveField follows an alias and a text field to its exact multi-field', () => {
    const m = parseMapping(props);
    expect(resolveField(m, 'event.category')).toEqual({ path: 'event_type', sourcePath: 'event_type', mapping: { type: 'keyword' } });
    expect(resolveField(m, 'file_name')).toEqual({
      path: 'file_name.keyword',
      sourcePath: 'file_name',
      mapping: { type: 'keyword', ignoreAbove: 256, multiFieldOf: 'file_name' },
    });
    expect(resolveField(m, 'file_name.keyword').sourcePath).toBe('file_name');
    expect(resolveField(m, 'nope')).toEqual({ path: 'nope', sourcePath: 'nope', mapping: null });
    expect(resolveField(null, 'event.category')).toEqual({ path: 'event.category', sourcePath: 'event.category', mapping: null });
  });

  test.for([
    [{ properties: { a: { type: 'alias', path: 'b' } } }, 'properties.a.path', 'a.path'],
    [{ properties: { a: { type: 'keyword', ignore_above: 'x' } } }, 'properties.a.ignore_above', ''],
    [{ properties: { a: {} } }, 'properties.a', ''],
    [{ foo: 1 }, '', ''],
    [{ properties: { a: { type: 'alias' } } }, 'properties.a.path', ''],
  ] as const)('rejects %j naming the key', ([json, key, aliasKey]) => {
    const error = caught(() => parseMapping(json, 'm.json'));
    expect(error.code).toBe('ERR_MATCH_MAPPING');
    expect(error.data['source']).toBe('m.json');
    expect(error.data['key']).toBe(aliasKey === '' ? key : aliasKey);
    expect(error.message.startsWith('m.json: ')).toBe(true);
  });

  test('a field mapped twice with different types is refused', () => {
    const error = caught(() =>
      parseMapping({ a: { mappings: { properties: { f: { type: 'long' } } } }, b: { mappings: { properties: { f: { type: 'keyword' } } } } }, 'x'),
    );
    expect(error.message).toBe('x: b.mappings.properties.f: field "f" is mapped as "long" and as "keyword"');
  });

  test('invalid JSON text names the source', () => {
    const error = caught(() => parseMappingText('{', 'bad.mapping'));
    expect(error.code).toBe('ERR_MATCH_MAPPING');
    expect(error.message.startsWith('bad.mapping: not valid JSON')).toBe(true);
  });
});

describe.skipIf(!existsSync(SHARED))('the ES QA mapping files (needs ../shared/conformance/es-eql)', () => {
  test('endgame-140.mapping: comments dropped, placeholders become keyword', () => {
    const m: Mapping = parseMappingText(readFileSync(new URL('endgame-140.mapping', SHARED), 'utf8'), 'endgame-140.mapping');
    expect(m.fields.get('command_line')).toEqual({ type: 'keyword' });
    expect(resolveField(m, 'event.category').path).toBe('event_type');
    expect(resolveField(m, 'event.sequence').path).toBe('serial_event_id');
    expect(resolveField(m, 'file_name')).toEqual({
      path: 'file_name.keyword',
      sourcePath: 'file_name',
      mapping: { type: 'keyword', ignoreAbove: 256, multiFieldOf: 'file_name' },
    });
    expect(m.fields.get('source_address')).toEqual({ type: 'ip' });
  });

  test('extra.mapping has version, date and null_value fields', () => {
    const m = parseMappingText(readFileSync(new URL('extra.mapping', SHARED), 'utf8'));
    expect(m.fields.get('version')).toEqual({ type: 'version' });
    expect(m.fields.get('optional_field_default_null')).toEqual({ type: 'keyword', nullValue: 'NULL' });
    expect(m.fields.get('date_tags')).toEqual({ type: 'date' });
  });
});

describe('DEFAULT_ECS_MAPPING', () => {
  test.for([
    ['file.path', { type: 'keyword', ignoreAbove: 1024 }],
    ['file.name', { type: 'keyword', ignoreAbove: 1024 }],
    ['process.executable', { type: 'keyword', ignoreAbove: 1024 }],
    ['host.os.type', { type: 'keyword', ignoreAbove: 1024 }],
    ['event.action', { type: 'keyword', ignoreAbove: 1024 }],
    ['user.id', { type: 'keyword', ignoreAbove: 1024 }],
    ['group.id', { type: 'keyword', ignoreAbove: 1024 }],
    ['process.command_line', { type: 'wildcard' }],
    ['process.pid', { type: 'long' }],
    ['file.size', { type: 'long' }],
    ['event.sequence', { type: 'long' }],
    ['@timestamp', { type: 'date' }],
    ['host.ip', { type: 'ip' }],
  ] as const)('%s is %j', ([name, expected]) => {
    expect(DEFAULT_ECS_MAPPING.fields.get(name)).toEqual(expected);
  });

  const LINUX_CREATE = new URL('../../../shared/reference/endpoint-package__linux_file_create.yaml', import.meta.url);
  test.skipIf(!existsSync(LINUX_CREATE))(
    `every keyword field of the Defend Linux file-create event that ECS maps is present${existsSync(LINUX_CREATE) ? '' : ' (skipped: ../shared/reference is absent)'}`,
    () => {
      const yaml = readFileSync(LINUX_CREATE, 'utf8');
      const listed = [...yaml.slice(yaml.indexOf('fields:')).matchAll(/^ {2}- '?([@\w.]+)'?$/gm)].map((m) => m[1]!);
      expect(listed.length).toBeGreaterThan(50);
      expect(listed.filter((name) => !DEFAULT_ECS_MAPPING.fields.has(name))).toEqual([]);
    },
  );
});
