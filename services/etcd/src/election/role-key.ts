/**
 * Where a singleton role's holder is written, and what is written there. The value is read by
 * every server and by `paddock status`; a value that does not decode is reported as such,
 * never thrown (a foreign or corrupted key under the prefix must not stop a server).
 */
export const roleKey = (prefix: string, role: string): string => `${prefix}roles/${role}`;
export const rolesPrefix = (prefix: string): string => `${prefix}roles/`;

export interface RoleHolder {
  /** The holding server's id (hostname, pid and gRPC address). */
  server: string;
  /** Epoch ms when it was elected. */
  since: number;
}

export interface RoleRecord extends RoleHolder {
  role: string;
  /**
   * The key's create revision: it changes with every new holder, so a write guarded by it
   * (see `fenceCompare`) fails once a later holder exists.
   */
  fence: string;
  /** The lease the key lives under (gone when the holder stops renewing it). */
  lease: string;
}

export function encodeHolder(h: RoleHolder): string {
  return JSON.stringify(h);
}

export function decodeHolder(value: string): RoleHolder | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return { error: 'not JSON' };
  }
  const o = v as Partial<RoleHolder> | null;
  if (typeof o !== 'object' || o === null || typeof o.server !== 'string' || typeof o.since !== 'number')
    return { error: 'not a role holder (server, since)' };
  return { server: o.server, since: o.since };
}
