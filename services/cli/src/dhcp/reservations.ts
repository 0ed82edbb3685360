import { Reservation } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { withDhcp } from './client.ts';

interface ReservationFlags extends ClientFlags {
  mac?: string;
  clientId?: string;
  address?: string;
  hostname?: string;
}

function withReservationFlags(cmd: Command): Command {
  return withClientOptions(cmd)
    .option('--mac <mac>', 'the client hardware address')
    .option('--client-id <hex>', 'the client identifier (option 61), hex')
    .option('--address <ip>', 'the address to give it')
    .option('--hostname <name>', 'host name to send (option 12)');
}

function apply(base: Reservation, id: string, f: ReservationFlags): Reservation {
  return {
    ...base,
    id,
    ...(f.mac && { mac: f.mac }),
    ...(f.clientId && { clientId: f.clientId }),
    ...(f.address && { address: f.address }),
    ...(f.hostname && { hostname: f.hostname }),
  };
}

const rows = (list: Reservation[]) =>
  list.map((r) => [r.id, r.address, r.mac || '-', r.clientId || '-', r.hostname || '-']);
const HEAD = ['ID', 'ADDRESS', 'MAC', 'CLIENT ID', 'HOSTNAME'];

/** `paddock dhcp reservations ...`: fixed addresses by MAC or client id, live. */
export function reservationsCommand(): Command {
  const cmd = new Command('reservations').description('list and change reservations (applied at once, persisted)');
  cmd.addCommand(
    withClientOptions(new Command('list').description('list reservations')).action((f: ClientFlags) =>
      withDhcp(f, async (c) => {
        const { reservations } = await c.listReservations({});
        if (f.json) return printJson(reservations.map((r) => Reservation.toJSON(r)));
        printTable(HEAD, rows(reservations));
      }),
    ),
    { isDefault: true },
  );
  for (const verb of ['create', 'update'] as const) {
    cmd.addCommand(
      withReservationFlags(new Command(verb).description(`${verb} a reservation`).argument('<id>')).action(
        (id: string, f: ReservationFlags) =>
          withDhcp(f, async (c) => {
            const base = verb === 'update' ? (await c.getReservation({ id })).reservation! : Reservation.fromJSON({});
            const r = apply(base, id, f);
            const { reservation } =
              verb === 'create'
                ? await c.createReservation({ reservation: r })
                : await c.updateReservation({ reservation: r });
            if (f.json) return printJson(reservation && Reservation.toJSON(reservation));
            printTable(HEAD, rows(reservation ? [reservation] : []));
          }),
      ),
    );
  }
  cmd.addCommand(
    withClientOptions(new Command('delete').description('remove a reservation').argument('<id>')).action(
      (id: string, f: ClientFlags) =>
        withDhcp(f, async (c) => {
          await c.deleteReservation({ id });
          if (!f.json) process.stdout.write(`deleted reservation ${id}\n`);
        }),
    ),
  );
  return cmd;
}
