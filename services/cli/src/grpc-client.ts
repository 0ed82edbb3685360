/**
 * The gRPC client side of the CLI, which a verb loads only once its action calls a server:
 * imported with `import()` (`grpcClient()`), so the bundle keeps it in a bundle of its own, and
 * parsing the command line, `--help` and a flag's error never load it (test/bundle-loads.test.ts
 * checks what a verb loads). It is the runtime's small client with its own HTTP/2, not grpc-js,
 * whose loading and channel set-up cost more than the rest of a one-shot verb.
 */
export { H2Connection, resolveTarget } from '@paddock/runtime/h2-client';
