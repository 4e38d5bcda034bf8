/**
 * renderEndgame writes its line from cached fragments and templates; it must be JSON.stringify of the
 * document endgameDocument defines, byte for byte, for any path (escapes, non-ASCII, no slash, no dot,
 * trailing dot), process (with or without a parent, any strings), action, content, stamp and host.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createBlockGenerator } from '../../../src/corpus/generate/block-generator.js';
import { createFileOp, type FileAction } from '../../../src/corpus/generate/file-op.js';
import { createProcess } from '../../../src/corpus/generate/fleet.js';
import { loadProfile } from '../../../src/corpus/generate/profile-loader.js';
import { endgameDocument, renderEndgame } from '../../../src/corpus/generate/producers/endgame-renderer.js';

const { profile } = await loadProfile('accuracy', { cwd: process.cwd() });
const fleet = createBlockGenerator({ seed: 5, profile, blockSize: 4096, rawS1: false }).fleet;
const hosts = fleet.byProducer.endgame.slice(0, 4);

const pathChar = fc.constantFrom(...'/._-aZ09 ', '\\', '"', '\n', '\u0001', '\u00e9', '\u{1F511}', '\ud800');
const path = fc.array(pathChar, { maxLength: 30 }).map((cs) => cs.join(''));
const text = fc.oneof(fc.constantFrom('sshd', '/usr/bin/ssh-keygen -t ed25519', 'vim "a\\b".txt', 'caf\u00e9', ''), fc.string({ maxLength: 20 }));

describe('the Endgame renderer', () => {
  test('has endgame hosts to test with', () => {
    expect(hosts.length).toBeGreaterThan(0);
  });

  test('renders JSON.stringify(endgameDocument(...)) for any event', () => {
    fc.assert(
      fc.property(
        fc.record({
          host: fc.constantFrom(...hosts),
          action: fc.constantFrom<FileAction>('creation', 'rename', 'deletion', 'modification'),
          path,
          originalPath: fc.option(path, { nil: undefined }),
          size: fc.option(fc.nat(), { nil: undefined }),
          name: text,
          commandLine: text,
          orphan: fc.boolean(),
          pid: fc.integer({ min: 1, max: 4_194_304 }),
          timestamp: fc.constantFrom('2024-10-16T11:06:12.200Z', 'x"y'),
          sequence: fc.nat({ max: 2 ** 45 }),
          eventId: fc.constantFrom('ZqDUov3bXZixTBy6++++++++', 'a\\b'),
        }),
        ({ host, action, path: p, originalPath, size, name, commandLine, orphan, pid, timestamp, sequence, eventId }) => {
          const parent = host.daemons.sshd;
          const process = createProcess({ pid, startSec: 1_729_000_000 + pid, executable: `/usr/bin/${name}`, name, commandLine, user: parent.user, parent: orphan ? undefined : parent });
          const content = size === undefined ? undefined : { size, entropy: 5.9, headerHex: '00', sha256: 'e3' };
          const op = createFileOp({ action, path: p, originalPath, process, positive: false, content });
          const stamp = { timestamp, sequence, eventId };
          // Twice: the second line comes from the fragments the first one cached.
          expect(renderEndgame(op, host, stamp)).toBe(JSON.stringify(endgameDocument(op, host, stamp)));
          expect(renderEndgame(op, host, stamp)).toBe(JSON.stringify(endgameDocument(op, host, stamp)));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('renders the fleet daemons\' events as their documents', () => {
    for (const host of hosts) {
      for (const daemon of Object.values(host.daemons)) {
        const op = createFileOp({ action: 'creation', path: '/var/log/x.log', process: daemon, positive: false, content: { size: 3, entropy: 1, headerHex: '', sha256: '' } });
        const stamp = { timestamp: '2024-10-16T11:06:12.200Z', sequence: 99, eventId: 'k' };
        expect(renderEndgame(op, host, stamp)).toBe(JSON.stringify(endgameDocument(op, host, stamp)));
      }
    }
  });
});
