/**
 * A small gRPC client (unary, server- and client-streaming calls) on its own HTTP/2 client
 * (`session.ts`, HPACK in `hpack.ts`), for one-shot commands: loading grpc-js and setting up its
 * channel, or even Node's HTTP/2 module, costs more than the rest of such a command. On this
 * machine it dials the server's local socket (no TLS to load); elsewhere TLS. Servers, and
 * clients inside servers, keep grpc-js.
 */

export {
  type ConnectOptions,
  type RunInfo,
  resolveTarget,
  runningServers,
  type Target,
} from '../target.ts';
export { type CallOptions, grpcTimeout } from './call.ts';
export { GrpcCallError } from './call-error.ts';
export { createH2Client, H2Connection, type Keepalive } from './connection.ts';
