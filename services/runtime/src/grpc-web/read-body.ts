import type { IncomingMessage } from 'node:http';

/** Calls back once with the whole body, or 'too-large'; never when the client went away. */
export function readBody(req: IncomingMessage, maxBytes: number, done: (body: Buffer | 'too-large') => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBytes) return void chunks.push(chunk);
    req.off('data', onData);
    req.pause();
    done('too-large');
  };
  req.on('data', onData);
  req.on('end', () => size <= maxBytes && done(Buffer.concat(chunks)));
  req.on('error', () => {});
}
