import { describe, expect, it } from 'vitest';
import { parseWgDump } from './wg-dump.ts';

describe('parseWgDump', () => {
  it('reads the interface line and each peer, "(none)" as unset', () => {
    const text =
      'cPriv=\tcPub=\t51820\toff\n' +
      'kA=\t(none)\t10.0.0.2:51820\t10.98.0.2/32\t1796630400\t0\t0\t25\n' +
      'kB=\t(none)\t(none)\t(none)\t0\t0\t0\toff\n';
    expect(parseWgDump(text)).toEqual({
      privateKey: 'cPriv=',
      listenPort: 51820,
      peers: [
        {
          publicKey: 'kA=',
          endpoint: '10.0.0.2:51820',
          allowedIps: ['10.98.0.2/32'],
          handshakeAt: 1796630400,
          keepalive: 25,
        },
        { publicKey: 'kB=', endpoint: undefined, allowedIps: [], handshakeAt: 0, keepalive: 0 },
      ],
    });
  });
});
