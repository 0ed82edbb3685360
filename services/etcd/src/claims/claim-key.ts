/**
 * Where a machine's claim is written, and what is written there (MetaStack's actual state: which
 * compute host runs which machine). A value that does not decode is reported as such, never
 * thrown: a foreign or corrupted key under the prefix must not stop a compute host.
 */
export const claimKey = (prefix: string, machine: string): string => `${prefix}claims/${machine}`;
export const claimsPrefix = (prefix: string): string => `${prefix}claims/`;

export interface ClaimHolder {
  /** The compute host's server id. */
  host: string;
  /** The machine's name when claimed (for people reading `paddock status`). */
  name: string;
  /** Epoch ms when the host claimed it. */
  since: number;
}

export interface ClaimRecord extends ClaimHolder {
  /** The machine's node id (the key's last part). */
  machine: string;
  /** The key's create revision: a new one with every new claim. */
  fence: string;
}

export function encodeClaim(c: ClaimHolder): string {
  return JSON.stringify(c);
}

export function decodeClaim(value: string): ClaimHolder | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return { error: 'not JSON' };
  }
  const o = v as Partial<ClaimHolder> | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.host !== 'string' ||
    typeof o.name !== 'string' ||
    typeof o.since !== 'number'
  )
    return { error: 'not a machine claim (host, name, since)' };
  return { host: o.host, name: o.name, since: o.since };
}
