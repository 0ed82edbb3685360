import type { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { alreadyExists, invalidArgument, notFound, type ServiceImplementation } from '@paddock/runtime';
import type { LiveConfig } from '../config/live-config.ts';
import { reservationFromProto, reservationToProto, subnetFromProto, subnetToProto } from './convert.ts';

type Impl = ServiceImplementation<typeof DhcpServiceDefinition>;

/** Runs a conversion or a change; a RangeError (bad value, overlap, clash) becomes INVALID_ARGUMENT. */
export function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError || err instanceof SyntaxError) throw invalidArgument(err.message);
    throw err;
  }
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw invalidArgument(`the request has no ${what}`);
  return v;
}

/** Subnets (with their pools, options and boot settings) and reservations: CRUD, applied live. */
export function configRpcs(
  live: LiveConfig,
): Pick<
  Impl,
  | 'listSubnets'
  | 'getSubnet'
  | 'createSubnet'
  | 'updateSubnet'
  | 'deleteSubnet'
  | 'listReservations'
  | 'getReservation'
  | 'createReservation'
  | 'updateReservation'
  | 'deleteReservation'
> {
  const subnet = (id: string) => {
    const s = live.current.subnet(id);
    if (!s) throw notFound(`no subnet ${JSON.stringify(id)} (see paddock dhcp subnets list)`);
    return s.doc;
  };
  const reservation = (id: string) => {
    const r = live.current.reservations.byId.get(id);
    if (!r) throw notFound(`no reservation ${JSON.stringify(id)} (see paddock dhcp reservations list)`);
    return r.doc;
  };
  return {
    listSubnets: () => ({ subnets: live.current.subnets.map((s) => subnetToProto(s.doc)) }),
    getSubnet: (req) => ({ subnet: subnetToProto(subnet(req.id)) }),
    createSubnet: (req) => {
      const doc = checked(() => subnetFromProto(need(req.subnet, 'subnet')));
      if (live.has('subnet', doc.id)) throw alreadyExists(`subnet ${doc.id} exists; update it instead`);
      checked(() => live.change('subnet', doc.id, doc));
      return { subnet: subnetToProto(subnet(doc.id)) };
    },
    updateSubnet: (req) => {
      const doc = checked(() => subnetFromProto(need(req.subnet, 'subnet')));
      subnet(doc.id);
      checked(() => live.change('subnet', doc.id, doc));
      return { subnet: subnetToProto(subnet(doc.id)) };
    },
    deleteSubnet: (req) => {
      subnet(req.id);
      checked(() => live.change('subnet', req.id, undefined));
      return {};
    },
    listReservations: () => ({
      reservations: [...live.current.reservations.byId.values()]
        .map((r) => reservationToProto(r.doc))
        .sort((a, b) => a.id.localeCompare(b.id)),
    }),
    getReservation: (req) => ({ reservation: reservationToProto(reservation(req.id)) }),
    createReservation: (req) => {
      const doc = checked(() => reservationFromProto(need(req.reservation, 'reservation')));
      if (live.has('reservation', doc.id)) throw alreadyExists(`reservation ${doc.id} exists; update it instead`);
      checked(() => live.change('reservation', doc.id, doc));
      return { reservation: reservationToProto(reservation(doc.id)) };
    },
    updateReservation: (req) => {
      const doc = checked(() => reservationFromProto(need(req.reservation, 'reservation')));
      reservation(doc.id);
      checked(() => live.change('reservation', doc.id, doc));
      return { reservation: reservationToProto(reservation(doc.id)) };
    },
    deleteReservation: (req) => {
      reservation(req.id);
      checked(() => live.change('reservation', req.id, undefined));
      return {};
    },
  };
}
