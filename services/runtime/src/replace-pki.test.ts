import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from './module.ts';
import { ensurePki, pkiPaths } from './pki.ts';
import { startServer } from './server.ts';

/** The serial of the certificate a new TLS handshake on host:port is shown (verified against `ca`). */
function servedSerial(address: string, ca: string): Promise<string> {
  const url = new URL(address.includes('://') ? address : `https://${address}`);
  return new Promise((resolve, reject) => {
    const s = tls.connect(
      { host: url.hostname, port: Number(url.port), ca, servername: 'localhost', ALPNProtocols: ['h2'] },
      () => {
        resolve(s.getPeerX509Certificate()?.serialNumber ?? '');
        s.end();
      },
    );
    s.on('error', reject);
  });
}

describe('replacing the server certificate in place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pdk-replace-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows new handshakes on both ports the new certificate, keeping the ports and open connections', async () => {
    let ctx: ModuleContext | undefined;
    const server = await startServer({
      name: 'replace-test',
      config: {
        dataDir: join(dir, 'a'),
        grpcListen: { host: '127.0.0.1', port: 0 },
        httpListen: { host: '127.0.0.1', port: 0 },
        insecure: false,
        hostname: 'localhost',
        logLevel: 'silent',
      },
      modules: [
        (c) => {
          ctx = c;
          return { name: 'probe', protoFiles: [], services: [] };
        },
      ],
    });
    try {
      const pki = server.pki!;
      const first = new X509Certificate(pki.serverCertPem).serialNumber;
      expect(await servedSerial(server.grpcAddress, pki.caPem)).toBe(first);
      const open = tls.connect({ ...hostPort(server.httpUrl), ca: pki.caPem, servername: 'localhost' });
      await new Promise((ok) => open.once('secureConnect', ok));

      // A renewal: a new server certificate from the same CA.
      const other = pkiPaths(join(dir, 'b'));
      mkdirSync(other.dir, { recursive: true });
      copyFileSync(pki.paths.caCert, other.caCert);
      copyFileSync(pki.paths.caKey, other.caKey);
      const renewed = await ensurePki(join(dir, 'b'), ['localhost', '127.0.0.1']);
      const second = new X509Certificate(renewed.serverCertPem).serialNumber;
      expect(second).not.toBe(first);
      ctx!.replacePki(renewed);

      expect(await servedSerial(server.grpcAddress, pki.caPem)).toBe(second);
      expect(await servedSerial(server.httpUrl, pki.caPem)).toBe(second);
      expect(open.destroyed).toBe(false);
      expect(open.getPeerX509Certificate()?.serialNumber).toBe(first);
      open.destroy();
    } finally {
      await server.close();
    }
  });
});

const hostPort = (url: string) => ({ host: new URL(url).hostname, port: Number(new URL(url).port) });
