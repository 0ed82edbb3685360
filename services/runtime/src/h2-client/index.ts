/**
 * A small gRPC client on Node's own HTTP/2 (unary, server- and client-streaming calls), for
 * one-shot commands: loading grpc-js and setting up its channel costs more than the rest of such
 * a command. Servers, and clients inside servers, keep grpc-js.
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
