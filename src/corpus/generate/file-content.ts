/**
 * Plausible content descriptions for created files (`file.size`, `file.Ext.entropy`,
 * `file.Ext.header_bytes`, `file.hash.sha256` in Defend creations): key files start with their real
 * headers (`-----BEGIN OPENSSH PRIVATE KEY-----`, `ssh-ed25519 AAAA…`) and have their real sizes.
 */
import type { Prng } from './prng.js';
import type { FileContent } from './file-op.js';

/** Key types ssh-keygen writes (CORPUS.md §4), with OpenSSH's file sizes in bytes (private, public). */
export const KEY_TYPES = {
  rsa: { pubPrefix: 'ssh-rsa AAAAB3Nz', privateSize: 2602, publicSize: 569 },
  ecdsa: { pubPrefix: 'ecdsa-sha2-nistp256 AAAA', privateSize: 505, publicSize: 177 },
  ed25519: { pubPrefix: 'ssh-ed25519 AAAA', privateSize: 411, publicSize: 96 },
  ecdsa_sk: { pubPrefix: 'sk-ecdsa-sha2-nistp256@openssh.com AAAA', privateSize: 610, publicSize: 226 },
  ed25519_sk: { pubPrefix: 'sk-ssh-ed25519@openssh.com AAAA', privateSize: 454, publicSize: 150 },
} as const;

/** A key type name. */
export type KeyType = keyof typeof KEY_TYPES;

/** A private key file in OpenSSH format. */
export function privateKeyContent(prng: Prng, type: KeyType): FileContent {
  return content(prng, '-----BEGIN OPENSSH PRIVATE KEY-----', KEY_TYPES[type].privateSize + prng.int(12), 5.95, 0.05);
}

/** A public key (or `-cert.pub` certificate when `certificate`). */
export function publicKeyContent(prng: Prng, type: KeyType, certificate = false): FileContent {
  const prefix = certificate ? `${KEY_TYPES[type].pubPrefix.split(' ')[0]}-cert-v01@openssh.com AAAA` : KEY_TYPES[type].pubPrefix;
  return content(prng, prefix, (certificate ? 3 : 1) * KEY_TYPES[type].publicSize + prng.int(30), 5.7, 0.1);
}

/** A text file beginning with `head`, about `size` bytes. */
export function textContent(prng: Prng, head: string, size: number): FileContent {
  if (size === 0) return EMPTY;
  return content(prng, head, size, 4.4, 0.8);
}

/** An empty file: no header, entropy 0, the SHA-256 of nothing. */
const EMPTY: FileContent = {
  size: 0,
  entropy: 0,
  headerHex: '',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

/** A gzip-compressed file. */
export function gzipContent(prng: Prng, size: number): FileContent {
  return { size, entropy: round(7.9 + 0.09 * prng.float()), headerHex: `1f8b0808${prng.hex(24)}`, sha256: prng.hex(64) };
}

/** An ELF binary or shared library. */
export function elfContent(prng: Prng, size: number): FileContent {
  return { size, entropy: round(5.8 + 0.6 * prng.float()), headerHex: '7f454c46020101000000000000000000', sha256: prng.hex(64) };
}

function content(prng: Prng, head: string, size: number, entropy: number, spread: number): FileContent {
  return { size, entropy: round(entropy + spread * prng.float()), headerHex: hex16(head), sha256: prng.hex(64) };
}

const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
/** The 32 character codes of a hex16 result, reused: one string is made per call, nothing else. */
const HEX16_CODES: number[] = new Array<number>(32).fill(48);

/**
 * Lower-case hex of the first 16 UTF-8 bytes of `text`, zero-padded to 32 digits. ASCII heads (nearly all:
 * one is made per created file) are encoded by a loop; a Buffer per call was ~2.5 % of the generator's CPU.
 */
export function hex16(text: string): string {
  const n = Math.min(text.length, 16);
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c > 0x7f) return Buffer.from(text, 'utf8').subarray(0, 16).toString('hex').padEnd(32, '0');
    HEX16_CODES[2 * k] = HEX_CODES[c >>> 4]!;
    HEX16_CODES[2 * k + 1] = HEX_CODES[c & 15]!;
  }
  for (let k = 2 * n; k < 32; k++) HEX16_CODES[k] = 48;
  return String.fromCharCode.apply(null, HEX16_CODES);
}

function round(x: number): number {
  return Math.round(x * 1e14) / 1e14;
}
