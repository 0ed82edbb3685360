import { encodeFileName } from './script/template.ts';
import type { UrlSigner } from './signer.ts';

/**
 * The plain-HTTP paths the boot listener serves, built and parsed in one place:
 *
 *   /boot/files/NAME                        public files (anyone on the boot network)
 *   /boot/script/MAC/ARCH?exp&sig           the iPXE script for a machine, signed (MAC with dashes)
 *   /boot/node/MAC/NAME?exp&sig             a machine's private file, signed
 *   /boot/phone-home/MAC?exp&sig            called by the booted system, signed
 */
export interface BootUrls {
  /** http://address:port of the boot listener, as machines reach it. */
  base: string;
  signer: UrlSigner;
  /** Lifetime of signed URLs, in seconds. */
  ttlSeconds: number;
}

/** MACs go into paths with dashes: iPXE percent-encodes `:` in paths, which would change them. */
const dashed = (mac: string) => mac.replaceAll(':', '-');

/** The canonical path of a resource: what is signed, and what a request is checked against. */
export function canonicalPath(p: BootPath): string {
  switch (p.kind) {
    case 'file':
      return `/boot/files/${encodeFileName(p.name)}`;
    case 'script':
      return `/boot/script/${dashed(p.mac)}/${p.arch}`;
    case 'node':
      return `/boot/node/${dashed(p.mac)}/${encodeFileName(p.name)}`;
    case 'phone-home':
      return `/boot/phone-home/${dashed(p.mac)}`;
  }
}

const signed = (u: BootUrls, p: BootPath) => `${u.base}${u.signer.sign(canonicalPath(p), u.ttlSeconds)}`;

export const fileUrl = (u: BootUrls, name: string) => `${u.base}${canonicalPath({ kind: 'file', name })}`;

export const scriptUrl = (u: BootUrls, mac: string, arch: number | undefined) =>
  signed(u, { kind: 'script', mac, arch: arch ?? 0 });

export const nodeFileUrl = (u: BootUrls, mac: string, name: string) => signed(u, { kind: 'node', mac, name });

export const phoneHomeUrl = (u: BootUrls, mac: string) => signed(u, { kind: 'phone-home', mac });

export type BootPath =
  | { kind: 'file'; name: string }
  | { kind: 'script'; mac: string; arch: number }
  | { kind: 'node'; mac: string; name: string }
  | { kind: 'phone-home'; mac: string };

// Dashes as we write them; colons, raw or percent-encoded, as a client may send them back.
const MAC = '([0-9a-f]{2}(?:(?:-|:|%3a)[0-9a-f]{2}){5})';
const colons = (mac: string) => mac.toLowerCase().replace(/%3a|-/g, ':');
const SCRIPT = new RegExp(`^/boot/script/${MAC}/(\\d{1,5})$`, 'i');
const NODE = new RegExp(`^/boot/node/${MAC}/(.+)$`, 'i');
const PHONE = new RegExp(`^/boot/phone-home/${MAC}$`, 'i');

function decodeName(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Which resource a request path (without query) names; undefined for anything else. */
export function parseBootPath(path: string): BootPath | undefined {
  if (path.startsWith('/boot/files/')) {
    const name = decodeName(path.slice('/boot/files/'.length));
    return name ? { kind: 'file', name } : undefined;
  }
  let m = SCRIPT.exec(path);
  if (m) return { kind: 'script', mac: colons(m[1]!), arch: Number(m[2]) };
  m = NODE.exec(path);
  if (m) {
    const name = decodeName(m[2]!);
    return name ? { kind: 'node', mac: colons(m[1]!), name } : undefined;
  }
  m = PHONE.exec(path);
  return m ? { kind: 'phone-home', mac: colons(m[1]!) } : undefined;
}
