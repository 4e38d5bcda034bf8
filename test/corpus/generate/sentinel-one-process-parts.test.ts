/**
 * sentinelOneProcessParts writes the process parts of a post-pipeline SentinelOne line directly; it must
 * be the text of JSON.stringify of each part the pipeline's own code derives from the raw event
 * (pipelineProcessParts(buildSentinelOneRaw(…))), for any process: with or without a parent, the same or
 * another user as its parent, quotes, backslashes, controls and non-ASCII in its strings, any endpoint.os.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createBlockGenerator } from '../../../src/corpus/generate/block-generator.js';
import { createFileOp, type ProcessInfo } from '../../../src/corpus/generate/file-op.js';
import { createProcess, type Host } from '../../../src/corpus/generate/fleet.js';
import { loadProfile } from '../../../src/corpus/generate/profile-loader.js';
import { pipelineProcessParts } from '../../../src/corpus/generate/producers/sentinel-one-pipeline.js';
import { sentinelOneProcessParts } from '../../../src/corpus/generate/producers/sentinel-one-process-parts.js';
import { buildSentinelOneRaw } from '../../../src/corpus/generate/producers/sentinel-one-renderer.js';

const { profile } = await loadProfile('accuracy', { cwd: process.cwd() });
const fleet = createBlockGenerator({ seed: 5, profile, blockSize: 4096, rawS1: false }).fleet;
const hosts = fleet.byProducer.sentinelOne.slice(0, 3);

/** The oracle: the pipeline's parts of the raw event of a file event by `p`, as JSON. */
function viaPipeline(p: ProcessInfo, host: Host, endpointOs: string): Record<string, string> {
  const op = createFileOp({ action: 'creation', path: '/tmp/x', process: p, positive: false, variant: endpointOs === 'linux' ? undefined : { osType: null } });
  const raw = buildSentinelOneRaw(op, host, fleet, { timestamp: '', sequence: 7, eventId: '', epochMs: 1_729_076_772_123 });
  expect(raw['endpoint.os']).toBe(endpointOs);
  const parts = pipelineProcessParts(raw);
  return { process: JSON.stringify(parts.process), related: JSON.stringify(parts.related), src: JSON.stringify(parts.src), user: JSON.stringify(parts.user) };
}

const text = fc.oneof(
  fc.constantFrom('sshd', '/usr/bin/ssh-keygen -t ed25519 -f /root/.ssh/id_ed25519', 'vim "a\\b".txt', 'caf\u00e9 \u{1F511}', 'a\u0001b\nc', '', ' lead  double '),
  fc.string({ maxLength: 30 }),
);

describe('sentinelOneProcessParts', () => {
  test('equals JSON.stringify of pipelineProcessParts for the fleet\'s daemons (linux and unlisted endpoint.os)', () => {
    let n = 0;
    for (const host of hosts) {
      for (const daemon of Object.values(host.daemons)) {
        for (const os of ['linux', 'unknown']) {
          expect({ ...sentinelOneProcessParts(daemon, host, os) }).toEqual(viaPipeline(daemon, host, os));
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(20);
  });

  test('equals JSON.stringify of pipelineProcessParts for any process fields', () => {
    fc.assert(
      fc.property(
        fc.record({
          host: fc.constantFrom(...hosts),
          name: text,
          executable: text,
          commandLine: text,
          parentCommandLine: text,
          pid: fc.integer({ min: 1, max: 4_194_304 }),
          startSec: fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
          orphan: fc.boolean(),
          rootParent: fc.boolean(),
          sameUser: fc.boolean(),
        }),
        ({ host, name, executable, commandLine, parentCommandLine, pid, startSec, orphan, rootParent, sameUser }) => {
          const grand = host.daemons.systemd;
          const parent = createProcess({
            pid: pid + 1,
            startSec: startSec - 5,
            executable: '/usr/sbin/sshd',
            name: 'sshd',
            commandLine: parentCommandLine,
            user: host.root,
            parent: rootParent ? undefined : grand,
          });
          const user = sameUser ? host.root : { ...host.root, name: `${name}-user` };
          const p = createProcess({ pid, startSec, executable, name, commandLine, user, parent: orphan ? undefined : parent, entryLeader: orphan ? undefined : parent });
          for (const os of ['linux', 'unknown']) expect({ ...sentinelOneProcessParts(p, host, os) }).toEqual(viaPipeline(p, host, os));
        },
      ),
      { numRuns: 400 },
    );
  });
});
