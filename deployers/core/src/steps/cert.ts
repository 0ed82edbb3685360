import type { Step } from '../engine/types.ts';
import { fileStep, runOk, sh, shellStep } from './shell.ts';

/** What a deployment needs from the keys service: the cluster CA, and certificates for CSRs made on the hosts. */
export interface CertAuthority {
  caBundle(): Promise<string>;
  /** A certificate for `name` with `addresses` as IP SANs, client and server use. */
  issue(name: string, addresses: string[], csrPem: string): Promise<string>;
}

export interface CertFiles {
  key: string;
  cert: string;
  ca: string;
}

/**
 * A key made on the host (never copied), the cluster CA, and a certificate for that key from the
 * keys service with the host's overlay address as IP SAN, valid for at least a day more. Step ids
 * are given by the caller: resuming finds its place by them.
 */
export function certSteps(o: {
  files: CertFiles;
  ids: { key: string; ca: string; cert: string };
  /** The certificate's name (its CN and the one-time token's node). */
  name: string;
  address: string;
  ca: string;
  authority: CertAuthority;
  keyTitle?: string;
}): Step[] {
  const { key, cert, ca } = o.files;
  const check = [
    `openssl x509 -in ${sh(cert)} -noout -checkend 86400 >/dev/null`,
    `openssl x509 -in ${sh(cert)} -noout -ext subjectAltName | grep -q 'IP Address:${o.address}$'`,
    `[ "$(openssl x509 -in ${sh(cert)} -noout -pubkey)" = "$(openssl pkey -in ${sh(key)} -pubout)" ]`,
    `openssl verify -CAfile ${sh(ca)} ${sh(cert)} >/dev/null`,
  ].join(' && ');
  return [
    shellStep({
      id: o.ids.key,
      title: o.keyTitle ?? 'key (made on the host)',
      check: `test -s ${sh(key)}`,
      apply: `umask 077 && mkdir -p "$(dirname ${sh(key)})" && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ${sh(key)}`,
      reason: 'no key yet',
    }),
    fileStep({ id: o.ids.ca, title: 'cluster CA', path: ca, content: o.ca }),
    {
      id: o.ids.cert,
      title: `certificate for ${o.address}`,
      check: async ({ remote }) =>
        (await remote.run(check)).code === 0
          ? { kind: 'ok' }
          : { kind: 'change', reason: 'missing, expiring or not for this key, address or CA' },
      apply: async ({ remote }) => {
        const csr = (await runOk(remote, `openssl req -new -key ${sh(key)} -subj ${sh(`/CN=${o.name}`)}`)).stdout;
        const pem = await o.authority.issue(o.name, [o.address], csr);
        await runOk(remote, `cat > ${sh(cert)}`, pem.endsWith('\n') ? pem : `${pem}\n`);
      },
    },
  ];
}
