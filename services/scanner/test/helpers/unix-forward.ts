/**
 * Runs inside a lab namespace: forwards connections on a Unix socket (a file, reachable from
 * any namespace) to a TCP address on that namespace's loopback, so a test in the root namespace
 * can call a server listening on 127.0.0.1 in the lab without any route into it.
 * Usage: node unix-forward.ts SOCKET_PATH HOST:PORT
 */
import { rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { joinSockets } from './join-sockets.ts';

const [path, target] = process.argv.slice(2);
if (!path || !target) throw new Error('usage: unix-forward.ts SOCKET_PATH HOST:PORT');
const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
rmSync(path, { force: true });
createServer((client) => {
  joinSockets(client, connect({ host, port }));
}).listen(path, () => process.stdout.write('forwarding\n'));
