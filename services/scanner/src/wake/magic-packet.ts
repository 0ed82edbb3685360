/**
 * The Wake-on-LAN magic packet (AMD, "Magic Packet Technology", 1995): six 0xFF bytes, then the
 * target's MAC sixteen times, then an optional SecureOn password of 4 or 6 bytes. A NIC looks
 * for that pattern anywhere in a frame, so it works as a UDP payload (port 9 by custom) or as
 * the body of an EtherType 0x0842 frame.
 */
import { bytesToHex, isIPv4, isMac, macToBytes } from '@paddock/wire';

export const SYNC = 6;
export const REPEAT = 16;
export const MAGIC_LENGTH = SYNC + REPEAT * 6;

/** Parses a SecureOn password: empty, 4 bytes dotted ("192.168.1.1" style) or 6 bytes as hex pairs. */
export function parsePassword(text: string): Uint8Array {
  const t = text.trim();
  if (t === '') return new Uint8Array(0);
  if (isIPv4(t)) return Uint8Array.from(t.split('.').map(Number));
  if (isMac(t)) return macToBytes(t);
  throw new RangeError(
    `a SecureOn password is 4 bytes (a.b.c.d) or 6 bytes (aa:bb:cc:dd:ee:ff), got ${JSON.stringify(text)}`,
  );
}

export function encodeMagicPacket(mac: string, password: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (password.length !== 0 && password.length !== 4 && password.length !== 6) {
    throw new RangeError(`a SecureOn password is 4 or 6 bytes, got ${password.length}`);
  }
  const target = macToBytes(mac);
  const out = new Uint8Array(MAGIC_LENGTH + password.length).fill(0xff, 0, SYNC);
  for (let i = 0; i < REPEAT; i++) out.set(target, SYNC + i * 6);
  out.set(password, MAGIC_LENGTH);
  return out;
}

export interface MagicPacket {
  mac: string;
  /** The bytes after the 16 copies that could be a password: up to 6. */
  trailer: Uint8Array;
}

/** Finds a magic packet anywhere in `bytes`, as a NIC does; undefined when there is none. */
export function findMagicPacket(bytes: Uint8Array): MagicPacket | undefined {
  for (let start = 0; start + MAGIC_LENGTH <= bytes.length; start++) {
    let sync = 0;
    while (sync < SYNC && bytes[start + sync] === 0xff) sync++;
    if (sync < SYNC) continue;
    // A run of more than six 0xFF: the sync may start later (a MAC of all ones is not a target).
    const body = start + SYNC;
    const mac = bytes.subarray(body, body + 6);
    let copies = 1;
    while (copies < REPEAT && mac.every((b, i) => bytes[body + copies * 6 + i] === b)) copies++;
    if (copies === REPEAT && !mac.every((b) => b === 0xff)) {
      return { mac: bytesToHex(mac), trailer: bytes.slice(start + MAGIC_LENGTH, start + MAGIC_LENGTH + 6) };
    }
  }
  return undefined;
}
