import type { Lease, LeaseState } from '../leases/lease.ts';

/** A lease as a flat tuple in column order: cheap to post to the writer thread and to bind. */
export type LeaseTuple = [
  number,
  string,
  string,
  string,
  string,
  string,
  LeaseState,
  number,
  number,
  number,
  string,
  string,
  string,
  number,
];

export const LEASE_COLUMNS = [
  'address',
  'client_key',
  'mac',
  'client_id',
  'hostname',
  'subnet_id',
  'state',
  'starts_at',
  'expires_at',
  'revision',
  'relay',
  'interface',
  'vendor_class',
  'architecture',
] as const;

export function toTuple(l: Lease): LeaseTuple {
  return [
    l.address,
    l.clientKey,
    l.mac,
    l.clientId,
    l.hostname,
    l.subnetId,
    l.state,
    l.startsAt,
    l.expiresAt,
    l.revision,
    l.relay,
    l.interface,
    l.vendorClass,
    l.architecture,
  ];
}

export function fromTuple(t: LeaseTuple): Lease {
  const [address, clientKey, mac, clientId, hostname, subnetId, state, startsAt, expiresAt, revision] = t;
  return {
    ...{ address, clientKey, mac, clientId, hostname, subnetId, state, startsAt, expiresAt, revision },
    relay: t[10],
    interface: t[11],
    vendorClass: t[12],
    architecture: t[13],
  };
}

/** `INSERT ... ON CONFLICT DO UPDATE` with positional parameters, in LEASE_COLUMNS order. */
export const UPSERT_LEASE = `INSERT INTO lease (${LEASE_COLUMNS.join(', ')}) VALUES (${LEASE_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (address) DO UPDATE SET ${LEASE_COLUMNS.slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

export const SELECT_LEASES = `SELECT ${LEASE_COLUMNS.join(', ')} FROM lease`;
