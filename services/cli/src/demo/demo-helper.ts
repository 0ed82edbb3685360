/**
 * The demo's helper, run inside the lab's server host (`ip netns exec`): it forwards the
 * console and gRPC ports from the host's loopback (listening sockets made in the root
 * namespace and handed over as file descriptors 3, 4, …) to `paddock up` inside the lab, and
 * answers iPXE's router solicitations on the lab interface (router-advert.ts), so machines
 * boot without iPXE's 16 s IPv6 wait. Traffic stays on loopback and inside the lab.
 *
 *   node demo-helper.ts '{"forwards":[{"fd":3,"port":7443}],"interface":"eth0"}'
 */
import { connect, createServer, type Socket } from 'node:net';
import { interfaceInfo, openPacket } from '@paddock/netio';
import { routerAdvertFrame } from './router-advert.ts';

interface HelperConfig {
  forwards: Array<{ fd: number; port: number }>;
  interface?: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as HelperConfig;
// Stopped by `paddock demo --down` (or the lab): nothing to flush, leave at once.
process.on('SIGTERM', () => process.exit(0));

for (const { fd, port } of config.forwards) {
  createServer((client: Socket) => {
    const upstream = connect(port, '127.0.0.1');
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  }).listen({ fd });
}

if (config.interface) {
  const mac = interfaceInfo(config.interface).mac;
  if (mac) {
    const ra = routerAdvertFrame(mac);
    const sock = openPacket({ interface: config.interface, protocol: 0x86dd });
    sock.send(ra);
    // Answer each router solicitation (ICMPv6 type 133) at once, and advertise now and then.
    setInterval(() => sock.send(ra), 10_000);
    for await (const { frame } of sock) {
      if (frame[20] === 58 && frame[54] === 133) sock.send(ra);
    }
  }
}
