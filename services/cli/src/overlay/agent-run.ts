/**
 * The overlay node agent (its gRPC client, WireGuard and device programming), loaded by
 * `paddock overlay agent` when it runs: the bundle keeps this `import()`ed module in a bundle of
 * its own, so the overlay's client verbs and their --help do not load it.
 */
export { runAgent, runServerAgentCli } from '@paddock/overlay';
