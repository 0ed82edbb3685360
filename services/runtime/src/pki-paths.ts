import { join } from 'node:path';

/**
 * Where a data dir keeps its PKI and admin token. Apart from pki.ts so that clients, which only
 * read these files, do not load the X.509 library that makes them.
 */
export interface PkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  adminToken: string;
  /** Present once the server joined a keys service (`--keys-join`): its URL and when to renew. */
  keysServer: string;
}

export function pkiPaths(dataDir: string): PkiPaths {
  const dir = join(dataDir, 'pki');
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    adminCert: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
    adminToken: join(dataDir, 'admin.token'),
    keysServer: join(dir, 'keys-server.json'),
  };
}
