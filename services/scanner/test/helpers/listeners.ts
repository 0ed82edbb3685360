/**
 * Runs inside a lab host: listens on the TCP and UDP ports named on the command line
 * ("tcp:22 udp:53 udp-silent:5000"): TCP accepts and closes, UDP echoes every datagram back,
 * udp-silent receives and never answers. Prints "listening" once every socket is bound.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const specs = process.argv.slice(2).map((s) => {
  const [kind, port] = s.split(':');
  return { kind: kind ?? '', port: Number(port) };
});
await Promise.all(
  specs.map(
    ({ kind, port }) =>
      new Promise<void>((resolve, reject) => {
        if (kind === 'tcp') {
          const server = createServer((s) => s.on('error', () => {}).end());
          server.once('error', reject).listen(port, '0.0.0.0', () => resolve());
        } else {
          const socket = createSocket('udp4');
          if (kind === 'udp')
            socket.on('message', (msg, r) => socket.send(msg.length ? msg : Buffer.from('hi'), r.port, r.address));
          socket.once('error', reject).bind(port, '0.0.0.0', () => resolve());
        }
      }),
  ),
);
process.stdout.write('listening\n');
