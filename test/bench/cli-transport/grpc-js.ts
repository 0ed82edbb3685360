// One GetInfo over TLS with grpc-js, as the CLI called servers before it had its own client;
// bundled alone by test/bench/cli-start.sh to compare with h2.ts.
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
// The runtime's client module alone, as the CLI's gRPC bundle carried it (not the server's index).
import { connect, createClient } from '../../../services/runtime/src/client.ts';

const c = connect({ dataDir: process.env['PADDOCK_DATA_DIR'] ?? '' });
const client = createClient(SystemServiceDefinition, c.address, c.credentials, c.options);
const { info } = await client.getInfo({});
client.close();
if (!info?.name) process.exit(1);
