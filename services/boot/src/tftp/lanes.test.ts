import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { bindDatagram } from '@paddock/netio';
import { describe, expect, it } from 'vitest';
import { decodePacket, encodePacket } from './codec.ts';
import type { SessionEnd } from './lane-session.ts';
import { TftpLanes } from './lanes.ts';

const settings = { blksize: 512, windowsize: 1, timeoutSeconds: undefined };

describe('TftpLanes', () => {
  it('runs a transfer on a worker thread', async () => {
    const lanes = new TftpLanes(2);
    const client = createSocket('udp4');
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', r));
    const file = await open(new URL(import.meta.url), 'r');
    const size = (await file.stat()).size;
    const got: Uint8Array[] = [];
    client.on('message', (m, from) => {
      const p = decodePacket(m);
      if (!p.ok || p.packet.op !== 'data') return;
      got.push(p.packet.data);
      client.send(encodePacket({ op: 'ack', block: p.packet.block }), from.port, from.address);
    });
    const ended = new Promise<SessionEnd>((r) => {
      const job = { id: 1, socketFd: bindDatagram({ address: '127.0.0.1', port: 0 }), size, settings, oack: [] };
      const peer = { address: '127.0.0.1', port: client.address().port };
      lanes.run({ ...job, peer, file: { fd: file.fd } }, (o) => r(o));
    });
    expect(lanes.active).toBe(1);
    expect(await ended).toEqual({ kind: 'complete' });
    await file.close();
    expect(Buffer.concat(got).toString()).toContain("describe('TftpLanes'");
    expect(lanes.active).toBe(0);
    client.close();
    await lanes.close();
  });

  it('fails the transfers of a lane that dies, and starts a new lane for the next', async () => {
    const lanes = new TftpLanes(1);
    const ends: SessionEnd[] = [];
    const job = (id: number) => ({
      id,
      socketFd: -1, // not a socket: the lane throws on it
      peer: { address: '127.0.0.1', port: 9 },
      file: { fd: -1 },
      size: 0,
      settings,
      oack: [],
    });
    for (const id of [1, 2]) {
      const ended = new Promise<void>((r) => lanes.run(job(id), (o) => r(void ends.push(o))));
      await ended;
    }
    expect(ends).toEqual([
      { kind: 'failed', reason: expect.stringMatching(/^transfer lane failed/) },
      { kind: 'failed', reason: expect.stringMatching(/^transfer lane failed/) },
    ]);
    await lanes.close();
  });

  it('starts lanes as transfers need them, up to its size; stopping aborts them all', async () => {
    const lanes = new TftpLanes(2);
    lanes.warm();
    expect(lanes.started).toBe(1);
    const quiet = createSocket('udp4'); // never ACKs
    await new Promise<void>((r) => quiet.bind(0, '127.0.0.1', r));
    const file = await open(new URL(import.meta.url), 'r');
    const ends = [1, 2, 3].map(
      (id) =>
        new Promise<SessionEnd>((r) =>
          lanes.run(
            {
              id,
              socketFd: bindDatagram({ address: '127.0.0.1', port: 0 }),
              peer: { address: '127.0.0.1', port: quiet.address().port },
              file: { fd: file.fd },
              size: 100,
              settings,
              oack: [],
            },
            r,
          ),
        ),
    );
    // The first takes the idle lane, the second a new one, the third shares: two lanes, no more.
    expect(lanes.started).toBe(2);
    expect(lanes.active).toBe(3);
    await once(quiet, 'message');
    await lanes.close('test over');
    expect(await Promise.all(ends)).toEqual(Array(3).fill({ kind: 'failed', reason: 'test over' }));
    await file.close();
    quiet.close();
  });
});
