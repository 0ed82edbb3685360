import type { Socket } from 'node:net';

/** Pipes two connections into each other; an error on either side closes both. */
export function joinSockets(a: Socket, b: Socket): void {
  a.pipe(b).pipe(a);
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', close);
  b.on('error', close);
}
