/**
 * The subnet and reservation forms of the DHCP page: text fields to and from the API's
 * messages. Only shape is checked here; the server checks meaning and says what is wrong.
 */
import type { Reservation, Subnet } from '@paddock/proto/dhcp/v1/dhcp.ts';

export interface SubnetFields {
  id: string;
  cidr: string;
  /** "first-last" ranges, comma or space separated. */
  pools: string;
  routers: string;
  dnsServers: string;
  domainName: string;
  leaseSeconds: string;
  interface: string;
}

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export function subnetToFields(s: Subnet): SubnetFields {
  return {
    id: s.id,
    cidr: s.cidr,
    pools: s.pools.map((p) => `${p.first}-${p.last}`).join(', '),
    routers: s.routers.join(', '),
    dnsServers: s.dnsServers.join(', '),
    domainName: s.domainName,
    leaseSeconds: s.leaseTimes?.defaultSeconds ? String(s.leaseTimes.defaultSeconds) : '',
    interface: s.interface,
  };
}

/** Fields over the subnet being edited (its other settings kept), or over an empty one. */
export function fieldsToSubnet(f: SubnetFields, base?: Subnet): Subnet {
  const pools = list(f.pools).map((r) => {
    const [first = '', last = ''] = r.split('-');
    return { first, last: last || first };
  });
  const seconds = Number(f.leaseSeconds) || 0;
  return {
    ...(base ?? emptySubnet()),
    id: f.id.trim(),
    cidr: f.cidr.trim(),
    pools,
    routers: list(f.routers),
    dnsServers: list(f.dnsServers),
    domainName: f.domainName.trim(),
    interface: f.interface.trim(),
    leaseTimes: {
      defaultSeconds: seconds,
      minSeconds: base?.leaseTimes?.minSeconds ?? 0,
      maxSeconds: base?.leaseTimes?.maxSeconds ?? 0,
    },
  };
}

export function emptySubnet(): Subnet {
  return {
    id: '',
    cidr: '',
    interface: '',
    pools: [],
    routers: [],
    dnsServers: [],
    domainName: '',
    domainSearch: [],
    ntpServers: [],
    classlessRoutes: [],
    mtu: 0,
    leaseTimes: undefined,
    options: [],
    boot: [],
    serverAddress: '',
    relayAddresses: [],
    identifyByMac: false,
    description: '',
  };
}

export interface ReservationFields {
  id: string;
  mac: string;
  clientId: string;
  address: string;
  hostname: string;
}

export function fieldsToReservation(f: ReservationFields, base?: Reservation): Reservation {
  return {
    options: [],
    description: '',
    ...base,
    id: f.id.trim(),
    mac: f.mac.trim(),
    clientId: f.clientId.trim(),
    address: f.address.trim(),
    hostname: f.hostname.trim(),
  };
}

export function reservationToFields(r: Reservation): ReservationFields {
  return { id: r.id, mac: r.mac, clientId: r.clientId, address: r.address, hostname: r.hostname };
}
