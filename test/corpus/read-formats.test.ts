/**
 * readCorpus on every non-NDJSON format: `_bulk` bodies, search hits, saved `_search` responses and Kibana
 * archives, with exact records (text, line, offset), their malformed cases, and format detection.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { AppError } from '../../src/errors.js';
import { collect, createCorpusDir, lineOffset, tuples } from './corpus-files.js';

const files = createCorpusDir();
afterAll(() => files.remove());

describe('_bulk bodies', () => {
  const BULK = [
    '{"create":{"_index":"logs-endpoint.events.file-default"}}',
    '{"@timestamp":"2024-05-01T00:00:00Z","event":{"action":"creation"}}',
    '{"index":{"_index":"x","_id":"7"}}',
    '{"n":12345678901234567890}',
    '{"delete":{"_index":"x","_id":"7"}}',
    '{"update":{"_index":"x","_id":"8"}}',
    '{"doc":{"n":1}}',
    '',
    '{"create":{}}',
    '{"b":2}',
    '',
  ].join('\n');

  test('create and index pairs yield their document line; delete and update are reported, not dropped', async () => {
    const path = files.write('body.bulk', BULK);
    const { records, malformed, stats } = await collect(path);
    expect(stats.format).toBe('bulk');
    expect(tuples(records)).toEqual([
      [2, lineOffset(BULK, 2), '{"@timestamp":"2024-05-01T00:00:00Z","event":{"action":"creation"}}'],
      [4, lineOffset(BULK, 4), '{"n":12345678901234567890}'],
      [10, lineOffset(BULK, 10), '{"b":2}'],
    ]);
    expect(lineOffset(BULK, 2)).toBe(58);
    expect(malformed).toEqual([
      { source: path, line: 5, offset: lineOffset(BULK, 5), excerpt: '{"delete":{"_index":"x","_id":"7"}}', reason: '"delete" action has no document; skipped' },
      {
        source: path,
        line: 6,
        offset: lineOffset(BULK, 6),
        excerpt: '{"update":{"_index":"x","_id":"8"}}',
        reason: '"update" action: its next line (7) is a partial update or a script, not a document; pair skipped',
      },
    ]);
  });

  test('a bad action line is reported, and so is its orphan document; the next pair is read again', async () => {
    const body = '{"create":{}}\n{"a":1}\n{"create":\n{"lost":1}\n{"index":{}}\n{"b":2}\n{"create":{}}\n';
    const path = files.write('bad-action.bulk', body);
    const { records, malformed } = await collect(path, { format: 'bulk' });
    expect(tuples(records)).toEqual([
      [2, 14, '{"a":1}'],
      [6, 57, '{"b":2}'],
    ]);
    expect(malformed.map((m) => [m.line, m.offset, m.reason])).toEqual([
      [3, 22, 'not JSON: Unexpected end of JSON input'],
      [4, 33, 'document of the bad action line 3; skipped'],
      [7, 65, '"create" action without a document line (end of input)'],
    ]);
  });

  test('a document line that is not an object is malformed', async () => {
    const { records, malformed } = await collect(files.write('bad-doc.bulk', '{"index":{}}\n"text"\n{"index":{}}\n{"c":3}\n'));
    expect(tuples(records)).toEqual([[4, 33, '{"c":3}']]);
    expect(malformed.map((m) => [m.line, m.offset, m.reason])).toEqual([[2, 13, 'not a JSON object (found a string)']]);
  });
});

describe('search hits, one per line', () => {
  test('text is the _source, byte for byte', async () => {
    const content =
      '{"_index":"x","_id":"1","_score":1.0,"_source":{"a":1.0,"b":{"c":"d"}}}\r\n' +
      '{"_index":"x","_id":"2","_source": {"n":12345678901234567890} ,"sort":[1]}\n' +
      '{"_index":"x","_id":"3"}\n' +
      '{"_index":"x","_id":"4","\\u005fsource":{"escaped":"key"}}\n';
    const path = files.write('dump.json', content);
    const { records, malformed, stats } = await collect(path);
    expect(stats.format).toBe('hits');
    expect(tuples(records)).toEqual([
      [1, 0, '{"a":1.0,"b":{"c":"d"}}'],
      [2, lineOffset(content, 2), '{"n":12345678901234567890}'],
      [4, lineOffset(content, 4), '{"escaped":"key"}'],
    ]);
    expect(malformed.map((m) => [m.line, m.offset, m.reason])).toEqual([
      [3, lineOffset(content, 3), 'hit has no _source (was the search run with _source disabled?)'],
    ]);
  });
});

describe('saved _search responses', () => {
  // As Kibana Dev Tools or `curl ?pretty` saves them; then a second, compact page of a scroll.
  const SEARCH = [
    '{',
    '  "took" : 3,',
    '  "timed_out" : false,',
    '  "hits" : {',
    '    "total" : { "value" : 3, "relation" : "eq" },',
    '    "hits" : [',
    '      {',
    '        "_index" : "logs",',
    '        "_id" : "1",',
    '        "_source" : {',
    '          "process" : { "name" : "ssh-keygen", "args" : [ "-t", "ed25519" ] },',
    '          "message" : "a \\"quoted\\" value, with { and ]"',
    '        }',
    '      },',
    '      { "_index" : "logs", "_id" : "2", "_source" : { "é" : "ü" } },',
    '      { "_index" : "logs", "_id" : "3", "fields" : { "a" : [ 1 ] } }',
    '    ]',
    '  }',
    '}',
    '{"_scroll_id":"abc","took":1,"hits":{"hits":[{"_id":"4","_source":{"d":4}}]}}',
    '',
  ].join('\n');

  test('pretty-printed and concatenated responses: one record per hit at the line where the hit starts', async () => {
    const path = files.write('search.json', SEARCH);
    const { records, malformed, stats } = await collect(path);
    expect(stats.format).toBe('search');
    expect(tuples(records)).toEqual([
      [7, lineOffset(SEARCH, 7), '{"process":{"name":"ssh-keygen","args":["-t","ed25519"]},"message":"a \\"quoted\\" value, with { and ]"}'],
      [15, lineOffset(SEARCH, 15), '{ "é" : "ü" }'],
      [20, lineOffset(SEARCH, 20), '{"d":4}'],
    ]);
    expect(malformed.map((m) => [m.line, m.offset, m.reason])).toEqual([
      [16, lineOffset(SEARCH, 16), 'hit has no _source (was the search run with _source disabled?)'],
    ]);
  });

  test('gzip and CRLF do not change the records', async () => {
    const crlf = SEARCH.replaceAll('\n', '\r\n');
    const { records } = await collect(files.write('search-crlf.gz', gzipSync(crlf)));
    expect(tuples(records).map(([line, offset]) => [line, offset])).toEqual([
      [7, lineOffset(crlf, 7)],
      [15, lineOffset(crlf, 15)],
      [20, lineOffset(crlf, 20)],
    ]);
    expect(records[0]!.text).toBe('{"process":{"name":"ssh-keygen","args":["-t","ed25519"]},"message":"a \\"quoted\\" value, with { and ]"}');
  });

  test('a value that is not a response, and a truncated one, are malformed', async () => {
    const content = '{"took":1,"hits":{"hits":[{"_source":{"a":1}}]}}\n{"error":{"type":"x"}}\n{\n  "took": 1,\n  "hits": {\n';
    const { records, malformed } = await collect(files.write('search-bad.json', content), { format: 'search' });
    expect(tuples(records)).toEqual([[1, 0, '{"a":1}']]);
    expect(malformed.map((m) => [m.line, m.offset, m.reason])).toEqual([
      [2, lineOffset(content, 2), 'not a _search response (no "hits.hits" array)'],
      [3, lineOffset(content, 3), 'unexpected end of input inside a JSON value (truncated?)'],
    ]);
  });
});

describe('Kibana archives (es_archiver data.json)', () => {
  const entry = (id: string, source: string): string =>
    `{\n  "type": "doc",\n  "value": {\n    "id": "${id}",\n    "index": "logs-endpoint",\n    "source": ${source}\n  }\n}`;
  const ARCHIVE = [
    entry('1', '{\n      "@timestamp": "2024-05-01T00:00:00.000Z",\n      "n": 12345678901234567890\n    }'),
    entry('2', '{ "file": { "path": "/home/u/.ssh/id_ed25519" } }'),
    '{\n  "type": "index",\n  "value": {\n    "index": "logs-endpoint"\n  }\n}',
    entry('3', '{}'),
  ].join('\n\n') + '\n';

  test('each doc entry yields value.source on one line, at the line where the entry starts', async () => {
    const path = files.write('data.json', ARCHIVE);
    const { records, malformed, stats } = await collect(path);
    expect(stats.format).toBe('archive');
    expect(tuples(records)).toEqual([
      [1, 0, '{"@timestamp":"2024-05-01T00:00:00.000Z","n":12345678901234567890}'],
      [13, lineOffset(ARCHIVE, 13), '{ "file": { "path": "/home/u/.ssh/id_ed25519" } }'],
      [29, lineOffset(ARCHIVE, 29), '{}'],
    ]);
    expect(malformed.map((m) => [m.line, m.offset, m.reason])).toEqual([
      [22, lineOffset(ARCHIVE, 22), 'archive entry of type "index", not "doc"; skipped'],
    ]);
  });

  test('CRLF line ends and gzip (data.json.gz) give the same records and lines', async () => {
    const crlf = ARCHIVE.replaceAll('\n', '\r\n');
    const { records } = await collect(files.write('data.json.gz', gzipSync(crlf)));
    expect(tuples(records)).toEqual([
      [1, 0, '{"@timestamp":"2024-05-01T00:00:00.000Z","n":12345678901234567890}'],
      [13, lineOffset(crlf, 13), '{ "file": { "path": "/home/u/.ssh/id_ed25519" } }'],
      [29, lineOffset(crlf, 29), '{}'],
    ]);
  });

  test('a broken entry is reported once and reading resumes at the next entry', async () => {
    const broken = '{\n  "type": "doc",\n  "value": {\n    "source": { "a": "unterminated\n  }\n}';
    const content = [entry('1', '{"a":1}'), broken, 'garbage here', entry('2', '{"b":2}')].join('\n\n') + '\n';
    const path = files.write('broken.json', content);
    const { records, malformed } = await collect(path, { format: 'archive' });
    expect(tuples(records)).toEqual([
      [1, 0, '{"a":1}'],
      [19, lineOffset(content, 19), '{"b":2}'],
    ]);
    expect(malformed.map((m) => [m.line, m.offset, m.reason])).toEqual([
      [10, lineOffset(content, 10), 'unterminated string (at line 13)'],
    ]);
    expect(malformed[0]!.excerpt).toBe('{\\n  \"type\": \"doc\",\\n  \"value\": {\\n    \"source\": { \"a\": \"unterminated');
  });

  test('text between entries is malformed', async () => {
    const content = `${entry('1', '{"a":1}')}\n\noops\n\n${entry('2', '{"b":2}')}\n`;
    const { records, malformed } = await collect(files.write('oops.json', content), { format: 'archive' });
    expect(records.map((r) => r.text)).toEqual(['{"a":1}', '{"b":2}']);
    expect(malformed.map((m) => [m.line, m.offset, m.excerpt, m.reason])).toEqual([
      [10, lineOffset(content, 10), 'oops', 'text between JSON values (expected "{")'],
    ]);
  });
});

describe('format detection', () => {
  test.for([
    ['ndjson', '{"@timestamp":"2024","event":{"kind":"event"}}\n'],
    ['ndjson', '\n\n  \n{"a":1}\n'],
    ['bulk', '{"create":{"_index":"x"}}\n{"a":1}\n'],
    ['bulk', '{"index":{}}\n{"a":1}\n'],
    ['hits', '{"_index":"x","_id":"1","_source":{"a":1}}\n'],
    ['search', '{"took":1,"timed_out":false,"hits":{"hits":[]}}\n'],
    ['search', '{\n  "took" : 1,\n  "hits" : { "hits" : [ ] }\n}\n'],
    ['search', '{\n  "_scroll_id" : "x",\n'],
    ['archive', '{\n  "type": "doc",\n  "value": {\n    "source": {}\n  }\n}\n'],
    ['archive', '{"type":"doc","value":{"index":"x","source":{"a":1}}}\n'],
    ['ndjson', 'not json\n{"a":1}\n'],
  ] as const)('%s: %j', async ([format, content]) => {
    const { stats } = await collect(files.write(`detect-${format}.json`, content));
    expect(stats.format).toBe(format);
  });

  test.for([
    ['a JSON array', '[\n  {"a":1}\n]\n', /it is a JSON array; .*jq -c '\.\[\]'/],
    ['text', 'hello\nworld\n', /no JSON object found at its start \(first line: "hello"\)/],
    ['another multi-line object', '{\n  "mappings": {}\n}\n', /line 1 starts a multi-line JSON object .* \(keys: mappings\)/],
  ] as const)('%s is ERR_CORPUS_FORMAT', async ([name, content, message]) => {
    const error = await collect(files.write(`undetectable-${name.replaceAll(' ', '-')}.json`, content)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ERR_CORPUS_FORMAT');
    expect((error as AppError).message).toMatch(message);
  });

  test('an explicit format overrides detection', async () => {
    const { records, stats } = await collect(files.write('override.json', '{"index":{"a":1}}\n{"b":2}\n'), { format: 'ndjson' });
    expect(stats.format).toBe('ndjson');
    expect(records.map((r) => r.text)).toEqual(['{"index":{"a":1}}', '{"b":2}']);
  });
});

describe('the parsed document', () => {
  test.for([
    ['ndjson', '{"a":1,"b":{"c":[1,2]}}\n{"n":12345678901234567890}\n'],
    ['bulk', '{"create":{}}\n{"a":1,"b":{"c":[1,2]}}\n{"index":{}}\n{"n":12345678901234567890}\n'],
    ['hits', '{"_id":"1","_source":{"a":1,"b":{"c":[1,2]}}}\n{"_id":"2","_source":{"n":12345678901234567890}}\n'],
    ['search', '{\n "hits": { "hits": [\n  { "_source": { "a": 1, "b": { "c": [ 1, 2 ] } } },\n  { "_source": { "n": 12345678901234567890 } }\n ] }\n}\n'],
    ['archive', '{\n "type": "doc",\n "value": { "source": {\n  "a": 1, "b": { "c": [1, 2] }\n } }\n}\n\n{"type":"doc","value":{"source":{"n":12345678901234567890}}}\n'],
  ] as const)('%s: each record carries its text parsed; the text keeps integers beyond 2^53 exact', async ([format, content]) => {
    const { records, stats } = await collect(files.write(`value.${format}`, content));
    expect(stats.format).toBe(format);
    expect(records.map((r) => r.value)).toEqual([{ a: 1, b: { c: [1, 2] } }, { n: 12345678901234567890 }]);
    expect(records.map((r) => JSON.parse(r.text) as unknown)).toEqual(records.map((r) => r.value));
    expect(records[1]!.text.replaceAll(' ', '')).toBe('{"n":12345678901234567890}');
  });
});
