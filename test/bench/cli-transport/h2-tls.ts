// One GetInfo over TLS with the runtime's small HTTP/2 client, as a verb makes it to a server
// named by --server; bundled alone by test/bench/cli-start.sh to compare with grpc-js.ts and h2.ts.
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { H2Connection, resolveTarget } from '@paddock/runtime/h2-client';

const { socket: _, ...overTls } = resolveTarget({ dataDir: process.env['PADDOCK_DATA_DIR'] ?? '' });
const client = new H2Connection(overTls).client(SystemServiceDefinition);
const { info } = await client.getInfo({});
client.close();
if (!info?.name) process.exit(1);
