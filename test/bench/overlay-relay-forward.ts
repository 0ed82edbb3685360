/**
 * The agent's relay alone, for the overlay benchmark: run in the relay's namespace, it programs
 * one relayed pair in the kernel exactly as `overlay agent --server` does for the pairs the
 * control plane routes through its node, and removes it on SIGTERM.
 * Args: PORT_A PORT_B A_ENDPOINT B_ENDPOINT.
 */
import { KernelRelay } from '../../services/overlay/src/agent/kernel-relay.ts';
import { systemShell } from '../../services/overlay/src/agent/shell.ts';

const [portA, portB, a, b] = process.argv.slice(2);
const relay = new KernelRelay('bench', systemShell());
await relay.set([{ portA: Number(portA), portB: Number(portB), a: a!, b: b! }]);
process.stdout.write('relaying\n');
process.on('SIGTERM', () => {
  void relay.set([]).finally(() => process.exit(0));
});
