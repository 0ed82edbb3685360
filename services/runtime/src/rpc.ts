import type * as grpc from '@grpc/grpc-js';

/**
 * Adapts ts-proto's generic service definitions (which gen/ emits so that the browser can use
 * them too) to @grpc/grpc-js, and lets a service be written as plain async functions:
 *
 *   unary:          async (request, ctx) => response
 *   server stream:  async function* (request, ctx) { yield response; ... }
 *   client stream:  async (requests: AsyncIterable<Request>, ctx) => response
 *   bidi stream:    async function* (requests, ctx) { ... }
 *
 * `ctx.signal` aborts when the client goes away or the server shuts down, so a Watch loop ends.
 */
export interface MessageType<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial?(object: unknown): T;
}

export interface MethodDefinition {
  name: string;
  requestType: MessageType<unknown>;
  requestStream: boolean;
  responseType: MessageType<unknown>;
  responseStream: boolean;
}

export interface GenericServiceDefinition {
  name: string;
  fullName: string;
  methods: Record<string, MethodDefinition>;
}

export interface CallContext {
  metadata: grpc.Metadata;
  signal: AbortSignal;
  peer: string;
  /** Who the authenticator let in ("admin", "cert:NAME"); "anonymous" in insecure mode. */
  principal: string;
}

type Req<M> = M extends { requestType: MessageType<infer T> } ? T : never;
type Res<M> = M extends { responseType: MessageType<infer T> } ? T : never;
type Handler<M> = M extends { requestStream: false; responseStream: false }
  ? (request: Req<M>, ctx: CallContext) => Promise<Res<M>> | Res<M>
  : M extends { requestStream: false; responseStream: true }
    ? (request: Req<M>, ctx: CallContext) => AsyncIterable<Res<M>>
    : M extends { requestStream: true; responseStream: false }
      ? (requests: AsyncIterable<Req<M>>, ctx: CallContext) => Promise<Res<M>>
      : (requests: AsyncIterable<Req<M>>, ctx: CallContext) => AsyncIterable<Res<M>>;

/** The implementation type of a generated service definition: one function per method. */
export type ServiceImplementation<D extends GenericServiceDefinition> = {
  [K in keyof D['methods']]: Handler<D['methods'][K]>;
};

/**
 * Who may call a method besides admins: `open`, anyone (the method checks a credential in its
 * request, as enrolment checks its token); `node`, also an enrolled node's own certificate.
 * Methods not listed are for admins only.
 */
export type MethodAccess = 'open' | 'node';

/** One service a server offers: the generated definition and its implementation. */
export interface ServiceRegistration {
  definition: GenericServiceDefinition;
  /** By method name (as in the .proto); see MethodAccess. */
  access?: Record<string, MethodAccess>;
  // biome-ignore lint/suspicious/noExplicitAny: each method has its own request type; the adapter checks none of them
  implementation: Record<string, (...args: any[]) => unknown>;
}

export function service<D extends GenericServiceDefinition>(
  definition: D,
  implementation: ServiceImplementation<D>,
  access?: Partial<Record<keyof D['methods'] & string, MethodAccess>>,
): ServiceRegistration {
  const byName = Object.fromEntries(
    Object.entries(access ?? {}).map(([key, a]) => [definition.methods[key]?.name ?? key, a as MethodAccess]),
  );
  return { definition, access: byName, implementation: implementation as ServiceRegistration['implementation'] };
}

/** The grpc-js service definition (paths, serializers) for a generated generic definition. */
export function toGrpcDefinition(def: GenericServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [key, m] of Object.entries(def.methods)) {
    out[key] = {
      path: `/${def.fullName}/${m.name}`,
      requestStream: m.requestStream,
      responseStream: m.responseStream,
      requestSerialize: (v: unknown) => Buffer.from(m.requestType.encode(v).finish()),
      requestDeserialize: (b: Buffer) => m.requestType.decode(b),
      responseSerialize: (v: unknown) => Buffer.from(m.responseType.encode(v).finish()),
      responseDeserialize: (b: Buffer) => m.responseType.decode(b),
      originalName: m.name,
    };
  }
  return out;
}
