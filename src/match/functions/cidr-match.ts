/**
 * `cidrMatch(ip, cidr, …)` (EQL-SEMANTICS.md §6): true when the address lies in any of the blocks,
 * IPv4 and IPv6 (an IPv4 address is IPv4-mapped IPv6, as Lucene encodes it). A null address → null;
 * a value that is not an address → null (Elasticsearch fails the query on it; we do not match it).
 */
import { inCidr, parseCidr, parseIp } from '../ip-address.js';
import { EvalError, asText, type EqlValue } from './eql-value.js';

/** A parsed CIDR block. */
export type CidrBlock = NonNullable<ReturnType<typeof parseCidr>>;

/**
 * Parses the constant blocks once.
 * @throws {EvalError} `ERR_MATCH_EVAL` naming a block that is not a CIDR or an address.
 */
export function parseCidrBlocks(blocks: readonly EqlValue[]): CidrBlock[] {
  return blocks.map((b) => {
    const text = asText(b);
    const parsed = text === null ? null : parseCidr(text);
    if (parsed === null) throw new EvalError(`cidrMatch: ${JSON.stringify(b)} is not a CIDR block or an IP address`, { value: String(b) });
    return parsed;
  });
}

/** True when `ip` is in one of `blocks`. */
export function cidrMatch(ip: EqlValue, blocks: readonly CidrBlock[]): EqlValue {
  const text = asText(ip);
  if (text === null) return null;
  const address = parseIp(text);
  if (address === null) return null;
  return blocks.some((block) => inCidr(address, block));
}
