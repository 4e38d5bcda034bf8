import { describe, expect, test } from 'vitest';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';

const SEED = `file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and
process.executable == "/usr/bin/ssh-keygen" and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and
not file.name : "known_hosts.*"
`;

describe('normalizeQuery on the seed rule (EQL-SEMANTICS.md §8)', () => {
  test('gives exactly the §8 reading: six existential leaves, the last one a must_not', () => {
    expect(normalizeQuery(parseEql(SEED))).toEqual({
      condition: {
        kind: 'and',
        items: [
          { kind: 'term', field: 'event.category', values: ['file'], caseInsensitive: false, negated: false },
          { kind: 'term', field: 'host.os.type', values: ['linux'], caseInsensitive: false, negated: false },
          { kind: 'term', field: 'event.action', values: ['creation', 'file_create_event'], caseInsensitive: false, negated: false },
          { kind: 'term', field: 'process.executable', values: ['/usr/bin/ssh-keygen'], caseInsensitive: false, negated: false },
          { kind: 'wildcard', field: 'file.path', patterns: ['/home/*/.ssh/*', '/root/.ssh/*', '/etc/ssh/*'], caseInsensitive: true, negated: false },
          { kind: 'wildcard', field: 'file.name', patterns: ['known_hosts.*'], caseInsensitive: true, negated: true },
        ],
      },
      pipes: [],
      categoryField: 'event.category',
    });
  });

  test('the category field is configurable (the ES QA suite runs with event_type)', () => {
    const q = normalizeQuery(parseEql('process where true'), { categoryField: 'event_type' });
    expect(q.condition).toEqual({ kind: 'term', field: 'event_type', values: ['process'], caseInsensitive: false, negated: false });
    expect(q.categoryField).toBe('event_type');
  });
});
