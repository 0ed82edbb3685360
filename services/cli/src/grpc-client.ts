/**
 * The gRPC client side of the CLI (grpc-js with its HTTP/2 and TLS), which a verb loads only once
 * its action calls a server: imported with `import()` (`grpcClient()`), so the bundle keeps it in
 * a bundle of its own, and parsing the command line, `--help` and a flag's error never load it
 * (test/bundle-loads.test.ts checks what a verb's --help loads).
 */
export { credentials } from '@grpc/grpc-js';
export { connect, createClient } from '@paddock/runtime';
