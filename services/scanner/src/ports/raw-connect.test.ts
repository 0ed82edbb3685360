import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnectProbe as tcpConnectProbe, verdictOf } from './raw-connect.ts';

describe('rawConnectProbe on loopback', () => {
  let server: Server;
  let openPort = 0;
  let closedPort = 0;

  beforeAll(async () => {
    server = createServer((s) => s.on('error', () => {}));
    // A backlog for the 2000 connects of the last test at once: a full accept queue drops SYNs,
    // and a retransmitted SYN can outlast a probe's timeout on a busy machine.
    await new Promise<void>((r) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, r));
    openPort = (server.address() as { port: number }).port;
    // A port that was just free: bind and close a second server to learn one.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
  });

  afterAll(() => new Promise((r) => server.close(r)));

  it('reports a listening port open and a free one closed', async () => {
    expect(await tcpConnectProbe('127.0.0.1', openPort, 2000)).toMatchObject({
      state: 'open',
      reason: 'connected',
      protocol: 'tcp',
      port: openPort,
    });
    expect(await tcpConnectProbe('127.0.0.1', closedPort, 2000)).toMatchObject({ state: 'closed', reason: 'refused' });
  });

  it('names what each errno means for the port', () => {
    expect(verdictOf(111)).toEqual({ state: 'closed', reason: 'refused' });
    expect(verdictOf(106)).toEqual({ state: 'open', reason: 'connected' });
    expect(verdictOf(113)).toEqual({ state: 'filtered', reason: 'host-unreachable' });
  });

  it('survives many probes without running out of sockets', async () => {
    const results = await Promise.all(Array.from({ length: 2000 }, () => tcpConnectProbe('127.0.0.1', openPort, 5000)));
    expect(results.filter((r) => r.state !== 'open').map((r) => r.reason)).toEqual([]);
  });
});
