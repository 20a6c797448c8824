import ipaddr from 'ipaddr.js';

/**
 * What a limit per client address counts by: an IPv4 address (also when written IPv4-mapped), or the /64 an IPv6
 * address is in, since one subscriber is commonly handed a whole /64 and could otherwise change address at every
 * attempt. Used by every limit keyed on an address (auth's failed grants, users' registrations and resets).
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (!(ip instanceof ipaddr.IPv6)) return ip.toString();
  return `${ip.parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
}
