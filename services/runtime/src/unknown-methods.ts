import * as grpc from '@grpc/grpc-js';

interface Handler {
  func: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => void;
  serialize: (b: Buffer) => Buffer;
  deserialize: (b: Buffer) => Buffer;
  type: 'bidi';
  path: string;
}

/**
 * grpc-js answers a method it has no handler for with UNIMPLEMENTED before any interceptor
 * runs, so an unauthenticated caller could list the server's methods by probing names. This
 * gives every unknown path a handler that answers UNIMPLEMENTED, so the call first passes the
 * interceptors (authentication, metrics) like any other. It replaces grpc-js's handler lookup
 * (`_retrieveHandler`, stable across 1.x); a test pins the behaviour. Returns whether a path
 * is a registered method.
 */
export function routeUnknownMethods(server: grpc.Server): (path: string) => boolean {
  const inner = server as unknown as { handlers: Map<string, unknown>; _retrieveHandler(path: string): unknown };
  if (typeof inner._retrieveHandler !== 'function' || !(inner.handlers instanceof Map)) {
    throw new Error('grpc-js internals changed: cannot route unknown methods through authentication');
  }
  const lookup = inner._retrieveHandler.bind(server);
  inner._retrieveHandler = (path: string) => lookup(path) ?? unimplemented(path);
  return (path) => inner.handlers.has(path);
}

function unimplemented(path: string): Handler {
  return {
    func: (call) => call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'unknown method' }),
    serialize: (b) => b,
    deserialize: (b) => b,
    type: 'bidi',
    path,
  };
}
