/**
 * The corpus bytes for (profile, seed, raw-S1, events) are a contract: a labelled corpus someone
 * generated last month must come out byte for byte the same today, and the quick start's cache is only
 * regenerated when the generator's code changes. These golden SHA-256 sums were taken from the generator
 * at commit b3e4725 (before the speed work of the generate bench); a change that alters them changes the
 * corpora users have — do it on purpose, never as a side effect of an optimization.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { generateInMemory } from './support/generate-in-memory.js';
import { formatLabels } from '../../../src/corpus/generate/labels.js';

const EVENTS = 10_000; // two full blocks and a partial one: block boundaries, timeline and the cut included

/** [profile, seed, raw SentinelOne, SHA-256 of the NDJSON, SHA-256 of the labels text]. */
const GOLDEN: readonly (readonly [string, number, boolean, string, string])[] = [
  ['busy-server', 1, false, '9b9904315b49b4ec0fe546f9955c36714bb3deef914da95059ab59a870cac6c6', '81d2a3426acbb7fe542791f4f89e85fdeb12bb3ef6d75d70be6a7e2d1ce1d56c'],
  ['busy-server', 7, true, '4af668a394804023430eec6edc9475bc5a8b4c5deea906126a4bf0fcaf70d647', '1b10e56c31f46c1f5c726aa5e95defc09de8bd57e1482e4a590518d6f2b0d4ba'],
  ['accuracy', 42, false, 'aa541bce79233643c44f141f42de093c5c5b49df0d0aa07da721da5b831f42f2', 'c248384f869dd4de6c52065f5e779d249962873ef184098291a8820474ed51a2'],
  ['accuracy', 42, true, 'ec086139318f23e02943af363fc1de3d0be15cfdc4b53e7d6078d6892dbd7d22', '6726b4f57bb094ef7f7a1e683d1fba0697ee4011893058dc0c4b9a7b52d6e974'],
  ['intrusion', 9, false, 'd1813a2eef79068d82aeec5111da8a1a7f4920dc07907a92cacfba1ca8f4fb1f', 'bd7e3faa259a03a4e80c66c8d8da66772290aa6156236c6f27b0cc182ac1f5de'],
  ['idle-server', 3, false, '26b59028f302416f3ebd63bdbbc991d342f6124090efea2b54695ffc3f03bfba', '9d89b26a5c55dc6cacc3e7d0d51212469353e64c701bad0e44995367a52a0a1a'],
  ['cloud-first-boot', 5, false, '0a52b9a1274741fcaa1ad40da7ad276c49a452ae4244dbdb54bcf3ca6ba4490d', '577fec6ab212bfdad1942af0d0399d1e24fc7deab9da947ffaf15d8832508eda'],
  ['cloud-first-boot', 5, true, '99f96cf0542889e3b9dbd97e6e724a9a4b71ee27b19f2a4b987f6cab81f7a422', '894ccfaa7a51a78592a58993017a379e2cbe13a8a4af4e414962d67d91c2d2d8'],
];

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('the corpus bytes for a seed are a contract', () => {
  test.for(GOLDEN)('%s, seed %i, raw S1 %s: the NDJSON and the labels keep their golden SHA-256', async ([profile, seed, rawS1, bytesSha, labelsSha]) => {
    const { bytes, result } = await generateInMemory({ events: EVENTS, seed, profile, rawS1 });
    expect(sha256(bytes)).toBe(bytesSha);
    expect(sha256(formatLabels(result.labels))).toBe(labelsSha);
  });
});
