// One GetInfo with the runtime's small HTTP/2 client over the server's local socket, as a verb on
// the server's machine makes it; bundled alone by test/bench/cli-start.sh to compare with grpc-js.ts.
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { H2Connection, resolveTarget } from '@paddock/runtime/h2-client';

const client = new H2Connection(resolveTarget({ dataDir: process.env['PADDOCK_DATA_DIR'] ?? '' })).client(
  SystemServiceDefinition,
);
const { info } = await client.getInfo({});
client.close();
if (!info?.name) process.exit(1);
