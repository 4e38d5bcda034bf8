import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hex16 } from '../../../src/corpus/generate/file-content.js';

/** The definition hex16 replaces: a Buffer per call. */
function viaBuffer(text: string): string {
  return Buffer.from(text, 'utf8').subarray(0, 16).toString('hex').padEnd(32, '0');
}

describe('hex16 (file.Ext.header_bytes)', () => {
  it('encodes known heads exactly', () => {
    expect(hex16('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe('2d2d2d2d2d424547494e204f50454e53');
    expect(hex16('Package: ')).toBe('5061636b6167653a2000000000000000');
    expect(hex16('')).toBe('00000000000000000000000000000000');
    // Non-ASCII: UTF-8 bytes, cut at 16 bytes even inside a character.
    expect(hex16('\u00ce\u00a6\u00dc\u0097')).toBe('c38ec2a6c39cc297' + '0'.repeat(16));
  });

  it('equals the Buffer definition for any string (ASCII, non-ASCII, lone surrogates)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })), (s) => {
        expect(hex16(s)).toBe(viaBuffer(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not leak one call into the next (a short head after a long one is zero-padded)', () => {
    expect(hex16('ABCDEFGHIJKLMNOPQRS')).toBe(viaBuffer('ABCDEFGHIJKLMNOPQRS'));
    expect(hex16('AB')).toBe('4142' + '0'.repeat(28));
  });
});
