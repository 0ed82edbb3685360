import type { DhcpOption } from '@paddock/dhcp-codec';
import { ipv4ToNumber } from '@paddock/wire';
import type { ReservationDoc } from './schema.ts';
import { compileOptionSettings } from './subnet.ts';

/** A reservation as the policy reads it. */
export interface Reservation {
  id: string;
  doc: ReservationDoc;
  address: number;
  hostname: string | undefined;
  options: DhcpOption[];
}

/**
 * Reservations looked up the ways a request can name a client: option 61 first (RFC 2131 §4.2
 * makes it the client's identity when present), then the hardware address; and by address,
 * so the pools never hand a reserved address to anyone else.
 */
export class ReservationIndex {
  readonly byId = new Map<string, Reservation>();
  readonly #byMac = new Map<string, Reservation>();
  readonly #byClientId = new Map<string, Reservation>();
  readonly #byAddress = new Map<number, Reservation>();

  constructor(docs: readonly ReservationDoc[]) {
    for (const doc of docs) this.#add(doc);
  }

  #add(doc: ReservationDoc): void {
    const where = `reservation ${doc.id}`;
    const r: Reservation = {
      id: doc.id,
      doc,
      address: ipv4ToNumber(doc.address),
      hostname: doc.hostname,
      options: compileOptionSettings(doc.options, where),
    };
    const clash = (other: Reservation | undefined, what: string) => {
      if (other) throw new RangeError(`${where}: ${what} is already reserved by ${other.id}`);
    };
    clash(this.byId.get(doc.id), `id ${doc.id}`);
    clash(this.#byAddress.get(r.address), `address ${doc.address}`);
    if (doc.mac) clash(this.#byMac.get(doc.mac), `mac ${doc.mac}`);
    if (doc.clientId) clash(this.#byClientId.get(doc.clientId), `client id ${doc.clientId}`);
    this.byId.set(doc.id, r);
    this.#byAddress.set(r.address, r);
    if (doc.mac) this.#byMac.set(doc.mac, r);
    if (doc.clientId) this.#byClientId.set(doc.clientId, r);
  }

  /** The reservation for a client: by client id (hex) if it sent one, else by MAC. */
  forClient(clientId: string | undefined, mac: string | undefined): Reservation | undefined {
    const byId = clientId ? this.#byClientId.get(clientId) : undefined;
    if (byId) return byId;
    const byMac = mac ? this.#byMac.get(mac) : undefined;
    // A MAC reservation that also names a client id is for that client id only.
    return byMac && (!byMac.doc.clientId || byMac.doc.clientId === clientId) ? byMac : undefined;
  }

  forAddress(address: number): Reservation | undefined {
    return this.#byAddress.get(address);
  }

  get size(): number {
    return this.byId.size;
  }
}
