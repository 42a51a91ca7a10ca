import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup } from 'node:dns/promises';

/** Resolves a host name to every address it has, as `dns.lookup(name, {all: true})` does. */
export type HostLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A destination a webhook may not post to; its message is fit for the caller. */
export class DestinationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefused';
  }
}

/**
 * Non-public destinations a deployment has chosen to post to anyway (an internal receiver):
 * host names matched exactly (case-insensitive), and addresses or CIDR ranges.
 */
export interface DestinationAllowList {
  hosts: readonly string[];
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const NO_EXCEPTIONS: DestinationAllowList = { hosts: [], ranges: [] };

/** `WEBHOOK_ALLOWED_DESTINATIONS`: comma-separated host names, addresses and CIDR ranges. */
export function parseAllowList(value: string | undefined): DestinationAllowList {
  const hosts: string[] = [];
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    if (entry.includes('/')) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.push(entry.toLowerCase());
  }
  return { hosts, ranges };
}

/** A WHATWG URL's hostname without the brackets of an IPv6 literal. */
const bare = (hostname: string) => (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname);

/** Only global unicast: not loopback, private, link-local (cloud metadata), unspecified, multicast, reserved, … */
function isPublic(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.range() === 'unicast';
}

function allowedAddress(address: ipaddr.IPv4 | ipaddr.IPv6, allow: DestinationAllowList): boolean {
  return allow.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/** Names that are never public, whatever a resolver says of them. */
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * The address a webhook delivery connects to: the URL's host resolved, every address it has
 * checked, the first returned. A delivery connects to exactly this address (no second lookup a
 * DNS answer could change in between). Refused unless every address is public, or the host or
 * address is on the allow-list.
 */
export async function resolveDestination(url: string, lookup: HostLookup, allow: DestinationAllowList): Promise<{ address: string; family: 4 | 6 }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DestinationRefused('The URL cannot be read');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new DestinationRefused('Only http and https URLs');
  if (parsed.username !== '' || parsed.password !== '') throw new DestinationRefused('Credentials in the URL are not accepted: sign with the secret');
  // The WHATWG parser has already turned 127.1, 2130706433, 0x7f.0.0.1 and 0177.0.0.1 into 127.0.0.1.
  const host = bare(parsed.hostname).toLowerCase();
  const hostAllowed = allow.hosts.includes(host);
  let candidates: { address: string; family: number }[];
  if (ipaddr.isValid(host)) candidates = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  else {
    if (INTERNAL_NAME.test(host) && !hostAllowed) throw new DestinationRefused(`${host} is not a public destination`);
    try {
      candidates = await lookup(host);
    } catch {
      throw new DestinationRefused(`${host} does not resolve`);
    }
    if (candidates.length === 0) throw new DestinationRefused(`${host} does not resolve`);
  }
  const checked = candidates.map((c) => ipaddr.process(c.address));
  for (const address of checked) {
    if (!hostAllowed && !isPublic(address) && !allowedAddress(address, allow)) {
      throw new DestinationRefused(`${host} is not a public destination (${address.toString()}: ${address.range()}); an internal receiver must be listed in WEBHOOK_ALLOWED_DESTINATIONS`);
    }
  }
  const first = checked[0]!;
  return { address: first.toString(), family: first.kind() === 'ipv4' ? 4 : 6 };
}
