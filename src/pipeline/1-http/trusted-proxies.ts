// TRUSTED_PROXIES: the addresses (CIDRs) of the proxy hops whose headers the
// facade believes — the ingress controller's pods, say. A header that claims a
// client certificate from any other address is someone's attempt and is ignored.
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  /** The CIDRs as configured, for the start-up log. */
  readonly cidrs: readonly string[];
  includes(address: string | undefined): boolean;
}

/** Throws on a CIDR that is not one (the configuration check reports it). */
export function trustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits, extra] = cidr.split('/');
    const family = isIP(address ?? '');
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32) || (bits !== undefined && !/^\d+$/.test(bits))) {
      throw new Error(`"${cidr}" is not an address or CIDR (e.g. 10.0.0.0/8, fd00::/8)`);
    }
    list.addSubnet(address!, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    cidrs,
    includes(address) {
      if (!address) return false;
      // A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d.
      const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
