/**
 * The agent's relay alone, for the overlay benchmark: run in the relay's namespace, it programs
 * relayed pairs in the kernel exactly as `overlay agent --server` does for the pairs the control
 * plane routes through its node, and removes them on SIGTERM.
 * Arg: the pairs as JSON, `Forward[]` (ports, both sides' endpoints, the side behind NAT if any).
 */
import type { Forward } from '../../services/overlay/src/agent/desired.ts';
import { KernelRelay } from '../../services/overlay/src/agent/kernel-relay.ts';
import { systemShell } from '../../services/overlay/src/agent/shell.ts';

const forwards = JSON.parse(process.argv[2] ?? '[]') as Forward[];
const relay = new KernelRelay('bench', systemShell());
await relay.set(forwards);
process.stdout.write('relaying\n');
process.on('SIGTERM', () => {
  void relay.set([]).finally(() => process.exit(0));
});
