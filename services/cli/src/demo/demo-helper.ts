/**
 * The demo's helper, run inside the lab's server host (`ip netns exec`): it forwards the
 * console and gRPC ports from the host's loopback (listening sockets made in the root
 * namespace and handed over as file descriptors 3, 4, …) to `paddock up` inside the lab.
 * Traffic stays on loopback and inside the lab. (iPXE's router solicitations are answered by
 * `paddock up --router-advert` itself.)
 *
 *   node demo-helper.ts '{"forwards":[{"fd":3,"port":7443}]}'
 */
import { connect, createServer, type Socket } from 'node:net';

interface HelperConfig {
  forwards: Array<{ fd: number; port: number }>;
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
