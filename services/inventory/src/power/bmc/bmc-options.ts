import { isIP } from 'node:net';
import { invalidArgument } from '@paddock/runtime';

/** How a node's BMC is reached; parsed once from the node's provider options. */
export interface BmcOptions {
  protocol: 'ipmi' | 'redfish';
  /** Host name or IP of the BMC itself (not the host's NICs). */
  host: string;
  /** 623 for IPMI; for Redfish 443 (https) unless given. */
  port: number;
  username: string;
  /** IPMI: the RMCP+ cipher suite (3 or 17). */
  cipherSuite: number;
  /** Redfish: https (default) or http, and whether its certificate is checked. */
  scheme: 'https' | 'http';
  verifyTls: boolean;
  /** Redfish: which ComputerSystem, when the service has several. */
  system: string;
  /** Network boot over PXE (default) or UEFI HTTP boot (Redfish only). */
  boot: 'pxe' | 'http';
}

export const BMC_KEYS = [
  'address',
  'protocol',
  'username',
  'password',
  'sealed_password',
  'cipher_suite',
  'scheme',
  'verify_tls',
  'system',
  'boot',
] as const;
const HOST = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i;

export function parseBmcOptions(o: Record<string, string>): BmcOptions {
  const unknown = Object.keys(o).filter((k) => !(BMC_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw invalidArgument(
      `unknown bmc option ${unknown[0]}; known: ${BMC_KEYS.filter((k) => k !== 'sealed_password').join(', ')}`,
    );
  const protocol = o['protocol'];
  if (protocol !== 'ipmi' && protocol !== 'redfish') throw invalidArgument('bmc option protocol: give ipmi or redfish');
  const { host, port } = splitAddress(o['address'] ?? '', protocol);
  const username = o['username'] ?? '';
  if (!username) throw invalidArgument('bmc option username: the BMC user to log in as is required');
  // IPMI 2.0 §22.28: user names are at most 16 bytes.
  if (protocol === 'ipmi' && Buffer.byteLength(username) > 16)
    throw invalidArgument('bmc option username: IPMI user names are at most 16 bytes');
  const cipherSuite = Number(o['cipher_suite'] ?? '3');
  if (cipherSuite !== 3 && cipherSuite !== 17)
    throw invalidArgument(
      'bmc option cipher_suite: 3 (HMAC-SHA1, AES-128) or 17 (HMAC-SHA256, AES-128); suite 0 is refused',
    );
  const scheme = o['scheme'] ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') throw invalidArgument('bmc option scheme: https or http');
  const verify = o['verify_tls'] ?? 'true';
  if (verify !== 'true' && verify !== 'false') throw invalidArgument('bmc option verify_tls: true or false');
  const boot = o['boot'] ?? 'pxe';
  if (boot !== 'pxe' && boot !== 'http') throw invalidArgument('bmc option boot: pxe or http');
  if (boot === 'http' && protocol === 'ipmi')
    throw invalidArgument('bmc option boot: IPMI boot flags have no HTTP boot; use pxe or Redfish');
  const defaultPort = protocol === 'ipmi' ? 623 : scheme === 'https' ? 443 : 80;
  return {
    protocol,
    host,
    port: port ?? defaultPort,
    username,
    cipherSuite,
    scheme,
    verifyTls: verify === 'true',
    system: o['system'] ?? '',
    boot,
  };
}

function splitAddress(address: string, protocol: string): { host: string; port?: number } {
  if (!address)
    throw invalidArgument(`bmc option address: the ${protocol} BMC's address (host or host:port) is required`);
  const bracketed = /^\[([0-9a-f:]+)\](?::(\d+))?$/i.exec(address);
  const m = bracketed ?? (isIP(address) === 6 ? [address, address] : /^([^:]+)(?::(\d+))?$/.exec(address));
  const host = m?.[1] ?? '';
  if (!host || (!isIP(host) && !HOST.test(host)))
    throw invalidArgument(`bmc option address: ${JSON.stringify(address)} is not a host or host:port`);
  const port = m?.[2] ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535))
    throw invalidArgument(`bmc option address: port ${port} is out of range`);
  return port === undefined ? { host } : { host, port };
}

/** "10.0.0.5" or "10.0.0.5:6230": how the BMC is named in messages and queued. */
export function bmcAddress(o: BmcOptions): string {
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const standard = o.protocol === 'ipmi' ? 623 : o.scheme === 'https' ? 443 : 80;
  return o.port === standard ? host : `${host}:${o.port}`;
}
