import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeSockaddrUn, sendUnixDatagram } from './unix-datagram.ts';

const dir = mkdtempSync(join(tmpdir(), 'paddock-unix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real AF_UNIX datagram receiver (Python's socket module), printing what it got. */
function receiver(path: string) {
  const py = `import socket,sys\ns=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(${JSON.stringify(path.replace(/^@/, '\0'))})\nprint('bound',flush=True)\nprint(s.recv(4096).decode(),flush=True)`;
  return spawn('python3', ['-c', py], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function roundTrip(path: string, text: string): Promise<string> {
  const child = receiver(path);
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  while (!out.includes('bound')) await new Promise((r) => setTimeout(r, 20));
  sendUnixDatagram(path, Buffer.from(text));
  await once(child, 'exit');
  return out.replace('bound\n', '').trim();
}

describe('unix datagrams', () => {
  it('reach a socket bound to a path', async () => {
    expect(await roundTrip(join(dir, 'notify'), 'READY=1\nSTATUS=serving')).toBe('READY=1\nSTATUS=serving');
  });

  it('reach a socket in the abstract namespace (@name)', async () => {
    expect(await roundTrip(`@paddock-test-${process.pid}`, 'WATCHDOG=1')).toBe('WATCHDOG=1');
  });

  it('fail with the errno when nobody listens, and refuse bad paths', () => {
    expect(() => sendUnixDatagram(join(dir, 'nobody'), Buffer.from('x'))).toThrow(/ENOENT|ECONNREFUSED/);
    expect(() => encodeSockaddrUn('')).toThrow(RangeError);
    expect(() => encodeSockaddrUn('x'.repeat(200))).toThrow(RangeError);
  });
});
