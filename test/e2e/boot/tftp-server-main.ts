/** A TftpServer over a directory, run inside a lab host (argv: root, address, maxBlksize). */
import { directorySource, TftpServer } from '@paddock/boot';

const [root, address, maxBlksize] = process.argv.slice(2) as [string, string, string];
const server = new TftpServer({
  source: directorySource(root),
  address,
  port: 69,
  // One client host runs every case at once here (13 transfers), above the default of 8 per address.
  maxPerClient: 32,
  limits: { maxBlksize: Number(maxBlksize), maxWindowsize: 64 },
});
server.on('failed', (e) => console.log(`failed ${e.filename}: ${e.reason}`));
const at = await server.listen();
console.log(`listening ${at.address}:${at.port}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
