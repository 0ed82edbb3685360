/**
 * gRPC-Web in the HTTP server itself, so the browser console calls the real gRPC API with no
 * proxy process: each request becomes a call on the local gRPC server through a generic
 * grpc-js Client, and its messages and status flow back as gRPC-Web frames.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChannelCredentials, type ChannelOptions, Client, type Metadata, status } from '@grpc/grpc-js';
import { DEFAULT_MAX_FRAME_BYTES } from '@paddock/wire';
import { readBody } from './read-body.ts';
import { deadlineFromTimeout, headersToMetadata, isGrpcPath, parseRequestBody } from './request.ts';
import { GrpcWebResponse } from './response.ts';

export interface GrpcWebBridgeOptions {
  /** The local gRPC server, "127.0.0.1:PORT". */
  target: string;
  credentials: ChannelCredentials;
  /** The name in the server certificate when it is not the target's host. */
  serverNameOverride?: string;
  /** Largest request body accepted; base64 text bodies count at their encoded size. */
  maxRequestBytes?: number;
  /** Tells client-streaming methods apart (the wire cannot); they are answered UNIMPLEMENTED. */
  isClientStreaming?: (path: string) => boolean;
}

export interface GrpcWebBridge {
  accepts(req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

const identity = (b: Buffer): Buffer => b;

export function createGrpcWebBridge(options: GrpcWebBridgeOptions): GrpcWebBridge {
  const channelOptions: ChannelOptions = {};
  if (options.serverNameOverride) {
    channelOptions['grpc.ssl_target_name_override'] = options.serverNameOverride;
    channelOptions['grpc.default_authority'] = options.serverNameOverride;
  }
  const client = new Client(options.target, options.credentials, channelOptions);
  // Base64 makes a text body 4/3 the size of the frames it carries.
  const maxRequestBytes = options.maxRequestBytes ?? Math.ceil(((DEFAULT_MAX_FRAME_BYTES + 5) * 4) / 3);
  return {
    accepts: (req) => contentType(req).startsWith('application/grpc-web'),
    handle: (req, res) => {
      const out = new GrpcWebResponse(res, contentType(req).startsWith('application/grpc-web-text'));
      try {
        start(client, options, maxRequestBytes, req, res, out);
      } catch {
        out.finish(status.INTERNAL, 'gRPC-Web bridge failed (see the server log)');
      }
    },
    close: () => client.close(),
  };
}

function contentType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').toLowerCase();
}

function start(
  client: Client,
  options: GrpcWebBridgeOptions,
  maxBytes: number,
  req: IncomingMessage,
  res: ServerResponse,
  out: GrpcWebResponse,
): void {
  const path = new URL(req.url ?? '/', 'http://bridge').pathname;
  const refuse = (code: status, details: string) => {
    // The unread rest of the body must not be parsed as the next request on this connection.
    res.shouldKeepAlive = false;
    out.finish(code, details);
  };
  const refusal = preflight(req.method, path, options);
  if (refusal) {
    refuse(status.UNIMPLEMENTED, refusal);
    return;
  }
  readBody(req, maxBytes, (body) => {
    if (body === 'too-large') {
      refuse(status.RESOURCE_EXHAUSTED, `request body exceeds ${maxBytes} bytes`);
      return;
    }
    const verdict = parseRequestBody(body, contentType(req).startsWith('application/grpc-web-text'), maxBytes);
    if (verdict.ok) call(client, path, verdict.message, headersToMetadata(req.headers), req, res, out);
    else out.finish(verdict.code, verdict.details);
  });
}

/** Why a request cannot be a bridged call (answered UNIMPLEMENTED), before reading its body. */
function preflight(method: string | undefined, path: string, options: GrpcWebBridgeOptions): string | undefined {
  if (method !== 'POST') return `gRPC-Web calls are POST, not ${method}`;
  if (!isGrpcPath(path)) return `${path} is not a gRPC method path`;
  if (options.isClientStreaming?.(path)) return `${path} is client-streaming, which gRPC-Web does not support`;
  return undefined;
}

function call(
  client: Client,
  path: string,
  message: Buffer,
  metadata: Metadata,
  req: IncomingMessage,
  res: ServerResponse,
  out: GrpcWebResponse,
): void {
  // The browser may have gone while its body was read: a stream started now would run for nobody.
  if (out.done) return;
  const timeout = req.headers['grpc-timeout'];
  const deadline = deadlineFromTimeout(Array.isArray(timeout) ? timeout[0] : timeout);
  // Unary and server-streaming calls look the same on the wire (one message up, messages and a
  // status down), so one generic server-stream call serves both without knowing the method.
  const stream = client.makeServerStreamRequest(
    path,
    identity,
    identity,
    message,
    metadata,
    deadline ? { deadline } : {},
  );
  let ended = false;
  let final: { code: status; details: string; metadata: Metadata } | undefined;
  // grpc-js reports the status as soon as it arrives, possibly before buffered messages are
  // read: the trailers go out only after the last message.
  const finish = () => final && ended && out.finish(final.code, final.details, final.metadata);
  stream.on('metadata', (md: Metadata) => out.sendHeaders(md));
  stream.on('data', (msg: Buffer) => {
    if (out.sendMessage(msg)) return;
    stream.pause();
    res.once('drain', () => stream.resume());
  });
  stream.on('end', () => {
    ended = true;
    finish();
  });
  stream.on('status', (s) => {
    final = s;
    finish();
  });
  // The status event carries the error too; this listener keeps it from being thrown.
  stream.on('error', () => {});
  // The browser closed the tab or aborted the fetch: stop the server-side work at once.
  res.on('close', () => {
    if (!res.writableFinished) stream.cancel();
  });
}
