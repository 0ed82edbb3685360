// Namespace names carry their owner so a sweep can tell dead runs from live ones
// without any state file: `pdk-<pid36>-<start36>-<seq36>-<tag>.<host>`.
// The owner's start time (from /proc/PID/stat) guards against pid reuse: a new
// process that happens to get a dead run's pid does not keep its leftovers alive.
// Labs made by `paddock lab up` are `pdkl-<name>.<host>`: no owner, never swept.

export interface Owner {
  pid: number;
  /** Start time of the owning process in clock ticks since boot. */
  start: number;
}

export interface ParsedNetns {
  owner: Owner;
  /** Everything before the final `.host`: the lab's prefix. */
  prefix: string;
  host: string;
}

/** Suffix of the namespace that holds a lab's bridges and TAP devices. */
export const SWITCH_HOST = '_switch';
const OWNED = 'pdk-';
const NAMED = 'pdkl-';
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const LAB_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** Linux IFNAMSIZ is 16 including the NUL; `/` and whitespace are refused by the kernel. */
const IFNAME = /^[A-Za-z0-9_.@:-]{1,15}$/;

/** Lower-cases a test tag and keeps it short and safe for a file name. */
export function sanitizeTag(tag: string): string {
  const clean = tag
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  return clean === '' ? 'lab' : clean;
}

export function ownedPrefix(owner: Owner, seq: number, tag: string): string {
  return `${OWNED}${owner.pid.toString(36)}-${owner.start.toString(36)}-${seq.toString(36)}-${sanitizeTag(tag)}`;
}

export function namedPrefix(name: string): string {
  if (!LAB_NAME.test(name)) throw new RangeError(`lab name must match ${LAB_NAME}: ${JSON.stringify(name)}`);
  return `${NAMED}${name}`;
}

export function hostNetns(prefix: string, host: string): string {
  if (host !== SWITCH_HOST && !HOST_NAME.test(host)) {
    throw new RangeError(`host name must match ${HOST_NAME}: ${JSON.stringify(host)}`);
  }
  return `${prefix}.${host}`;
}

export function checkIfname(name: string): string {
  if (!IFNAME.test(name))
    throw new RangeError(`interface name must be 1-15 chars of ${IFNAME}: ${JSON.stringify(name)}`);
  return name;
}

/** Reads an owned (`pdk-`) namespace name; anything else, CLI labs included, gives undefined. */
export function parseOwnedNetns(name: string): ParsedNetns | undefined {
  const m = /^(pdk-([0-9a-z]+)-([0-9a-z]+)-[0-9a-z]+-[a-z0-9-]+)\.([^.]+)$/.exec(name);
  if (!m) return undefined;
  const pid = Number.parseInt(m[2]!, 36);
  const start = Number.parseInt(m[3]!, 36);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !Number.isSafeInteger(start)) return undefined;
  return { owner: { pid, start }, prefix: m[1]!, host: m[4]! };
}

/** The lab name of a CLI namespace (`pdkl-NAME.host`), or undefined. */
export function parseNamedNetns(name: string): { lab: string; host: string } | undefined {
  const m = /^pdkl-([a-z0-9][a-z0-9-]*)\.([^.]+)$/.exec(name);
  return m ? { lab: m[1]!, host: m[2]! } : undefined;
}
