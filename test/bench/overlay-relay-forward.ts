/**
 * The agent's relay forwarder alone, for the overlay benchmark: run in the relay's namespace,
 * it forwards one relayed pair exactly as `overlay agent --server` does for the pairs the
 * control plane routes through its node. Args: PORT_A PORT_B A_ENDPOINT B_ENDPOINT.
 */
import { RelayForwarder } from '../../services/overlay/src/agent/relay.ts';

const [portA, portB, a, b] = process.argv.slice(2);
const relay = new RelayForwarder();
await relay.set([{ portA: Number(portA), portB: Number(portB), a: a!, b: b! }]);
process.stdout.write('relaying\n');
process.on('SIGTERM', () => {
  relay.close();
  process.stdout.write(`forwarded ${relay.forwarded}\n`);
  process.exit(0);
});
