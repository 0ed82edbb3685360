import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files for an etcd speaking TLS: its CA, its server certificate, and one client certificate. */
export interface EtcdTlsFiles {
  ca: string;
  serverCert: string;
  serverKey: string;
  /** A client certificate the CA signed (etcd's --client-cert-auth accepts it). */
  cert: string;
  key: string;
}

const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** A throwaway CA and two certificates made with openssl: the server's for 127.0.0.1, a client's. */
export function makeEtcdTls(dir: string): EtcdTlsFiles {
  const f = (name: string) => join(dir, name);
  const days = ['-days', '2'];
  openssl(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', ...days],
    ...['-subj', '/CN=paddock test etcd CA', '-keyout', f('ca.key'), '-out', f('ca.pem')],
  );
  const sign = (name: string, subject: string, ext: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    openssl(
      ...['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject],
      ...['-keyout', f(`${name}.key`), '-out', f(`${name}.csr`)],
    );
    openssl(
      ...['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial'],
      ...[...days, '-extfile', f(`${name}.ext`), '-out', f(`${name}.pem`)],
    );
  };
  sign('server', '/CN=etcd', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  sign('client', '/CN=paddock', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    cert: f('client.pem'),
    key: f('client.key'),
  };
}
