import { randomBytes, randomUUID } from 'node:crypto';
import { isMac } from '@paddock/wire';

/**
 * Names, ids and MACs as the inventory accepts them. Every check returns an error message
 * for a person (or undefined), so the API can answer INVALID_ARGUMENT with it as is.
 */

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Node ids are UUIDs: names may never look like one, so "id or name" is never ambiguous. */
export function newNodeId(): string {
  return randomUUID();
}

export function isNodeId(text: string): boolean {
  return UUID.test(text);
}

export function checkName(name: string): string | undefined {
  if (!NAME.test(name))
    return `node name ${JSON.stringify(name)} must be 1-63 of a-z, 0-9 and "-", starting and ending with a letter or digit`;
  if (isNodeId(name)) return `node name ${JSON.stringify(name)} looks like a node id; choose another`;
  return undefined;
}

/** "AA-BB-CC-DD-EE-FF" and "aa:bb:…" alike become "aa:bb:cc:dd:ee:ff"; undefined when not a MAC. */
export function normalizeMac(text: string): string | undefined {
  const t = text.trim();
  return isMac(t) ? t.toLowerCase().replaceAll('-', ':') : undefined;
}

/** A unicast MAC: bit 0 of the first octet clear (IEEE 802: group addresses are never a NIC's). */
export function isUnicastMac(mac: string): boolean {
  return (Number.parseInt(mac.slice(0, 2), 16) & 1) === 0;
}

export function checkMac(text: string): { mac: string } | { error: string } {
  const mac = normalizeMac(text);
  if (!mac) return { error: `not a MAC address: ${JSON.stringify(text)}` };
  if (!isUnicastMac(mac)) return { error: `${mac} is a multicast address, never a machine's NIC` };
  if (mac === '00:00:00:00:00:00') return { error: '00:00:00:00:00:00 is not a NIC address' };
  return { mac };
}

/** The name of a node made from a MAC ("node-525400123456"), or a random one. */
export function defaultName(mac: string | undefined, prefix = 'node'): string {
  if (mac) return `${prefix}-${mac.replaceAll(':', '')}`;
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
