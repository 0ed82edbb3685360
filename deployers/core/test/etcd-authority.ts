import type { EtcdCertAuthority } from '../src/index.ts';
import type { SshLab } from './ssh-lab.ts';

/** The lab's keys authority issuing etcd member certificates, as the keys service does for `paddock deploy etcd`. */
export function labAuthority(l: SshLab): EtcdCertAuthority {
  return {
    caBundle: async () => l.keys.ka.publicHalves().caBundlePem,
    issue: async (name, addresses, csr) => {
      const { token } = l.keys.ka.createToken(name, addresses);
      return (await l.keys.ka.enrol({ token, csr })).identityPem;
    },
  };
}
