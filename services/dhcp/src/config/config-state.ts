import { cidrContains, numberToIPv4 } from '@paddock/wire';
import { ReservationIndex } from './reservations.ts';
import type { ReservationDoc, SubnetDoc } from './schema.ts';
import { compileSubnet, type Subnet } from './subnet.ts';

/**
 * One immutable snapshot of the live configuration. A change through the API builds a new one
 * (checked as a whole: ids unique, networks apart, reservations unambiguous) and swaps it in,
 * so a request is always answered from one consistent view.
 */
export class DhcpConfig {
  readonly subnets: readonly Subnet[];
  readonly reservations: ReservationIndex;
  readonly #byId: Map<string, Subnet>;

  constructor(subnetDocs: readonly SubnetDoc[], reservationDocs: readonly ReservationDoc[]) {
    this.subnets = subnetDocs.map(compileSubnet).sort((a, b) => a.id.localeCompare(b.id));
    this.#byId = new Map();
    for (const s of this.subnets) {
      if (this.#byId.has(s.id)) throw new RangeError(`subnet ${s.id} is defined twice`);
      this.#byId.set(s.id, s);
    }
    for (const a of this.subnets) {
      for (const b of this.subnets) {
        if (a.id < b.id && overlaps(a, b)) {
          throw new RangeError(`subnet ${b.id} (${b.doc.cidr}) overlaps subnet ${a.id} (${a.doc.cidr})`);
        }
      }
    }
    this.reservations = new ReservationIndex(reservationDocs);
  }

  static empty(): DhcpConfig {
    return new DhcpConfig([], []);
  }

  subnet(id: string): Subnet | undefined {
    return this.#byId.get(id);
  }

  /** The subnet holding an address (a lease, a reservation, a client's ciaddr). */
  subnetFor(address: number): Subnet | undefined {
    return this.subnets.find((s) => cidrContains(s.cidr, address));
  }

  /** RFC 2131 §4.3.1: a relayed request is served from the subnet of its giaddr. */
  subnetForRelay(giaddr: number): Subnet | undefined {
    return this.subnetFor(giaddr) ?? this.subnets.find((s) => s.relayAddresses.has(giaddr));
  }

  /**
   * A directly attached client is served from the subnet bound to the interface it spoke on:
   * named by the subnet, or else the subnet holding one of that interface's addresses.
   */
  subnetForInterface(ifname: string, interfaceAddresses: readonly number[]): Subnet | undefined {
    return (
      this.subnets.find((s) => s.interface === ifname) ??
      this.subnets.find((s) => s.interface === undefined && interfaceAddresses.some((a) => cidrContains(s.cidr, a)))
    );
  }

  /** Subnet and reservation documents, as stored and shown. */
  docs(): { subnets: SubnetDoc[]; reservations: ReservationDoc[] } {
    return {
      subnets: this.subnets.map((s) => s.doc),
      reservations: [...this.reservations.byId.values()].map((r) => r.doc),
    };
  }
}

function overlaps(a: Subnet, b: Subnet): boolean {
  const aLast = a.broadcast;
  const bLast = b.broadcast;
  return a.cidr.network <= bLast && b.cidr.network <= aLast;
}

export const formatRange = (first: number, last: number) => `${numberToIPv4(first)}-${numberToIPv4(last)}`;
