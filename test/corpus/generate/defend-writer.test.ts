/**
 * The Defend byte writer writes what the string renderer renders, byte for byte, for any path (quotes,
 * backslashes, control characters, DEL, dots anywhere, no slash, non-ASCII), any content numbers and any
 * time; and it gives up (-1) only when an input string holds a non-ASCII character: the caller then
 * renders that line as a string and encodes it as UTF-8.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createBlockGenerator } from '../../../src/corpus/generate/block-generator.js';
import type { FileAction, FileContent, FileOp } from '../../../src/corpus/generate/file-op.js';
import { createProcess, type Host } from '../../../src/corpus/generate/fleet.js';
import { loadProfile } from '../../../src/corpus/generate/profile-loader.js';
import { base64OfAscii, entityIdOf, renderDefend } from '../../../src/corpus/generate/producers/defend-renderer.js';
import { defendFragments, defendLineBound, writeDefendLine } from '../../../src/corpus/generate/producers/defend-writer.js';
import { sortable64, writeSortable64 } from '../../../src/corpus/generate/sortable64.js';
import { TimestampFormatter } from '../../../src/corpus/generate/timeline.js';

const { profile } = await loadProfile('accuracy', { cwd: process.cwd() });
const fleet = createBlockGenerator({ seed: 11, profile, blockSize: 4096, rawS1: false }).fleet;
// Every Defend agent version of the profile: 8.13 keeps process.command_line, 8.18+ trims host.
const hosts = [...new Map(fleet.byProducer.defend.map((h) => [h.agentVersion, h])).values()];

/** Path characters: the plain ones paths are made of, and every kind JSON escapes or UTF-8 encodes. */
const pathChar = fc.constantFrom(...'/._-aZ09 ~', '"', '\\', '\n', '\t', '\u0001', '\u001f', '\u007f', '\u00e9', '\u2028', '\u{1F511}', '\uD800');
const path = fc.array(pathChar, { maxLength: 40 }).map((cs) => cs.join(''));
const content: fc.Arbitrary<FileContent> = fc.record({
  size: fc.oneof(fc.nat(), fc.constant(0), fc.constant(Number.MAX_SAFE_INTEGER)),
  entropy: fc.oneof(fc.double({ min: 0, max: 8, noNaN: true }), fc.constant(0), fc.constant(5.95123)),
  headerHex: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{32}$/)),
  sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
});

const hasNonAscii = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) > 0x7f);

describe('the Defend byte writer', () => {
  test('writes the string renderer\'s bytes for any path, content and time, or -1 only for a non-ASCII input', () => {
    fc.assert(
      fc.property(
        fc.record({
          host: fc.constantFrom(...hosts),
          action: fc.constantFrom<FileAction>('creation', 'rename', 'deletion'),
          path,
          originalPath: fc.option(path, { nil: undefined }),
          content: fc.option(content, { nil: undefined }),
          commandLine: fc.oneof(fc.constant('/usr/bin/ssh-keygen -t ed25519'), fc.constant('vim "notes\\today".txt'), fc.constant('caf\u00e9')),
          tick: fc.nat({ max: 2 ** 40 }),
          sequence: fc.nat({ max: 2 ** 45 }),
          idValue: fc.nat({ max: 2 ** 40 }),
        }),
        ({ host, action, path: p, originalPath, content: c, commandLine, tick, sequence, idValue }) => {
          const parent = (host as Host).daemons.sshd;
          const process = createProcess({ pid: 4242, startSec: 1_729_000_000, executable: '/usr/bin/ssh-keygen', name: 'ssh-keygen', commandLine, user: parent.user, parent, entryLeader: parent });
          const op: FileOp = { action, path: p, process, positive: false, ...(originalPath === undefined ? {} : { originalPath }), ...(c === undefined ? {} : { content: c }) };
          const timestamps = new TimestampFormatter(Date.parse(profile.start));
          const expected = `${renderDefend(op, host, { timestamp: timestamps.defend(tick), sequence, eventId: host.idPrefix + sortable64(idValue) })}\n`;
          // Giving up is allowed only for a non-ASCII input (a lone surrogate is escaped by JSON.stringify,
          // so its line is ASCII, but the writer leaves it to the renderer too).
          const nonAsciiInput = hasNonAscii(p + (originalPath ?? '') + commandLine);
          const fragments = defendFragments(process, host);
          if (fragments === undefined) {
            expect(nonAsciiInput).toBe(true);
            return;
          }
          const out = Buffer.alloc(defendLineBound(op, fragments) + 7, 0xff);
          // Written at an offset, as in a block: nothing before it or past its end may be touched.
          const end = writeDefendLine(out, 7, op, fragments, { timestamps, tick, sequence, idValue });
          if (end === -1) {
            expect(nonAsciiInput).toBe(true);
            return;
          }
          expect(out.subarray(7, end).toString('latin1')).toBe(expected);
          expect([...out.subarray(0, 7)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test.for([
    ['a quote and a backslash in the name', '/home/a/.ssh/id "x"\\y', 'creation'],
    ['control characters and DEL', '/home/a/.ssh/id\n\t\u0001\u007f', 'deletion'],
    ['no slash at all (a relative name)', 'id_ed25519.pub', 'creation'],
    ['a trailing slash (empty name)', '/etc/ssh/', 'deletion'],
    ['a leading-dot name (no extension)', '/home/a/.bash_history', 'creation'],
    ['a trailing dot (no extension)', '/home/a/.ssh/known_hosts.', 'rename'],
    ['a dot in a directory only', '/home/a.b/ssh', 'creation'],
  ] as const)('%s: the same bytes as the renderer', ([, p, action]) => {
    const host = hosts[0]!;
    const process = host.daemons.systemd;
    const op: FileOp = { action, path: p, originalPath: action === 'rename' ? '/tmp/x.y.tmp' : undefined, process, positive: false, content: { size: 411, entropy: 5.95123, headerHex: '2d2d2d2d2d424547494e204f50454e53', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } };
    const timestamps = new TimestampFormatter(Date.parse(profile.start));
    const fragments = defendFragments(process, host)!;
    const out = Buffer.alloc(defendLineBound(op, fragments));
    const end = writeDefendLine(out, 0, op, fragments, { timestamps, tick: 12_345_670, sequence: 99, idValue: 7 });
    expect(out.subarray(0, end).toString('latin1')).toBe(`${renderDefend(op, host, { timestamp: timestamps.defend(12_345_670), sequence: 99, eventId: host.idPrefix + sortable64(7) })}\n`);
  });

  test('Defend timestamps written as bytes equal the string form, on and off second boundaries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.nat({ max: 2 ** 42 }), (startMsOffset, tick) => {
        const timestamps = new TimestampFormatter(1_729_076_400_000 + startMsOffset);
        const out = Buffer.alloc(40);
        const end = timestamps.writeDefend(out, 3, tick);
        expect(out.subarray(3, end).toString('latin1')).toBe(timestamps.defend(tick));
      }),
      { numRuns: 2000 },
    );
    const whole = new TimestampFormatter(1_729_076_400_000);
    const out = Buffer.alloc(40);
    expect(out.subarray(0, whole.writeDefend(out, 0, 10_000_000)).toString('latin1')).toBe('2024-10-16T11:00:01Z');
    expect(out.subarray(0, whole.writeDefend(out, 0, 10_000_001)).toString('latin1')).toBe('2024-10-16T11:00:01.0000001Z');
    expect(out.subarray(0, whole.writeDefend(out, 0, 2_007_223)).toString('latin1')).toBe('2024-10-16T11:00:00.2007223Z');
  });

  test('event.id counters written as bytes equal sortable64', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (value) => {
        const out = Buffer.alloc(8);
        writeSortable64(out, 0, value);
        expect(out.toString('latin1')).toBe(sortable64(value));
      }),
    );
    expect(sortable64(0)).toBe('++++++++');
    expect(sortable64(64 ** 2 + 1)).toBe('+++++/+/');
  });

  test('process entity ids: base64 of `<agent.id>-<pid>-<start>`, the agent part encoded once per host', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 64 }), (text) => {
        expect(base64OfAscii(text)).toBe(Buffer.from(text, 'latin1').toString('base64'));
      }),
      { numRuns: 2000 },
    );
    for (const host of hosts) {
      for (const pid of [1, 42, 4242, 420_000]) {
        const p = createProcess({ pid, startSec: 1_728_759_191, executable: '/x', name: 'x', commandLine: 'x', user: host.root });
        expect(entityIdOf(p, host)).toBe(Buffer.from(`${host.agentId}-${pid}-1728759191`).toString('base64'));
      }
    }
  });
});
