/**
 * The SentinelOne byte writer writes what the post-pipeline string renderer renders (itself held to
 * JSON.stringify(applyPipeline(raw)) in producer-shapes.test.ts), byte for byte, for any path — "/" and
 * "\" separators, a one-character path, quotes, controls, non-ASCII —, any action, size, time and
 * sequence; and it gives up (-1) only for a non-ASCII input.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createBlockGenerator } from '../../../src/corpus/generate/block-generator.js';
import { createFileOp, type FileAction, type FileOp } from '../../../src/corpus/generate/file-op.js';
import { createProcess } from '../../../src/corpus/generate/fleet.js';
import { loadProfile } from '../../../src/corpus/generate/profile-loader.js';
import { eventFacts, TRACE_LENGTH, writeEventId, writeFileId, writePacketId } from '../../../src/corpus/generate/producers/sentinel-one-ids.js';
import { renderSentinelOne } from '../../../src/corpus/generate/producers/sentinel-one-renderer.js';
import { sentinelOneFragments, sentinelOneLineBound, writeSentinelOneLine } from '../../../src/corpus/generate/producers/sentinel-one-writer.js';

const { profile } = await loadProfile('accuracy', { cwd: process.cwd() });
const fleet = createBlockGenerator({ seed: 5, profile, blockSize: 4096, rawS1: false }).fleet;
const hosts = fleet.byProducer.sentinelOne.slice(0, 3);

const pathChar = fc.constantFrom(...'/._-aZ09 ', '\\', '"', '\n', '\u0001', '\u007f', '\u00e9', '\u{1F511}');
const path = fc.array(pathChar, { maxLength: 30 }).map((cs) => cs.join(''));
const hasNonAscii = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) > 0x7f);

describe('the SentinelOne byte writer', () => {
  test('writes the string renderer\'s bytes for any path, action, size and time, or -1 only for a non-ASCII input', () => {
    fc.assert(
      fc.property(
        fc.record({
          host: fc.constantFrom(...hosts),
          action: fc.constantFrom<FileAction>('creation', 'rename', 'deletion', 'modification'),
          path,
          originalPath: fc.option(path, { nil: undefined }),
          size: fc.option(fc.nat(), { nil: undefined }),
          commandLine: fc.constantFrom('/usr/bin/ssh-keygen -t ed25519', 'vim "a\\b".txt', 'caf\u00e9'),
          epochMs: fc.double({ min: 1_600_000_000_000, max: 1_900_000_000_000, noNaN: true }),
          sequence: fc.nat({ max: 2 ** 45 }),
        }),
        ({ host, action, path: p, originalPath, size, commandLine, epochMs, sequence }) => {
          const parent = host.daemons.sshd;
          const process = createProcess({ pid: 4242, startSec: 1_729_000_000, executable: '/usr/bin/ssh-keygen', name: 'ssh-keygen', commandLine, user: parent.user, parent, entryLeader: parent });
          const op: FileOp = {
            action,
            path: p,
            process,
            positive: false,
            ...(originalPath === undefined ? {} : { originalPath }),
            ...(size === undefined ? {} : { content: { size, entropy: 4.2, headerHex: '', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } }),
          };
          const stamp = { timestamp: 'unused', sequence, eventId: 'unused', epochMs };
          const expected = `${renderSentinelOne(op, host, fleet, stamp)}\n`;
          const nonAsciiInput = hasNonAscii(p + (originalPath ?? '') + commandLine);
          const fragments = sentinelOneFragments(op, host, fleet);
          if (fragments === undefined) {
            expect(nonAsciiInput).toBe(true);
            return;
          }
          const out = Buffer.alloc(sentinelOneLineBound(op, fragments) + 5, 0xff);
          const end = writeSentinelOneLine(out, 5, op, host, stamp, fragments);
          if (end === -1) {
            expect(nonAsciiInput).toBe(true);
            return;
          }
          expect(out.subarray(5, end).toString('latin1')).toBe(expected);
          expect([...out.subarray(0, 5)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test.for([
    ['a Windows-style path (split at the last backslash)', 'C:\\Users\\a\\id_rsa'],
    ['a one-character path (no split)', '/'],
    ['a bare name (no separator)', 'id_ed25519'],
    ['a quote in the name', '/root/.ssh/id "x"'],
  ] as const)('%s: the same bytes as the renderer', ([, p]) => {
    const host = hosts[0]!;
    const op: FileOp = { action: 'rename', path: p, originalPath: '/tmp/x', process: host.daemons.cron, positive: false };
    const stamp = { timestamp: '', sequence: 123_456_789, eventId: '', epochMs: 1_729_076_772_123.4 };
    const fragments = sentinelOneFragments(op, host, fleet)!;
    const out = Buffer.alloc(sentinelOneLineBound(op, fragments));
    const end = writeSentinelOneLine(out, 0, op, host, stamp, fragments);
    expect(out.subarray(0, end).toString('latin1')).toBe(`${renderSentinelOne(op, host, fleet, stamp)}\n`);
  });
});

describe('the SentinelOne id writers', () => {
  test('write the bytes of eventFacts: event.id (trace first), packet.id and tgt.file.id', () => {
    const out = Buffer.alloc(128);
    fc.assert(
      fc.property(
        fc.constantFrom(...hosts),
        fc.oneof(fc.nat({ max: 2 ** 45 }), fc.nat({ max: 999 })),
        fc.double({ min: 1_600_000_000_000, max: 1_900_000_000_000, noNaN: true }),
        path,
        (host, sequence, epochMs, p) => {
          const parent = host.daemons.sshd;
          const op = createFileOp({ action: 'creation', path: p, process: parent, positive: false });
          const stamp = { timestamp: '', sequence, eventId: '', epochMs };
          const e = eventFacts(op, host, stamp);
          expect(out.toString('latin1', 0, writeEventId(out, 0, host, stamp))).toBe(e.id);
          expect(out.toString('latin1', 0, TRACE_LENGTH)).toBe(e.trace);
          expect(out.toString('latin1', 0, writePacketId(out, 0, host, stamp))).toBe(e.packet);
          expect(out.toString('latin1', 0, writeFileId(out, 0, op, host))).toBe(e.fileId);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
