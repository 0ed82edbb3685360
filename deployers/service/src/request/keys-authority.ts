import type { EtcdCertAuthority, SshAuthority } from '@paddock/deployers';
import type { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import type { Client } from '@paddock/runtime';

export type KeysClient = Client<typeof KeyServiceDefinition>;

/** The keys service as a deployment uses it: SSH trust and certificates, and the cluster CA. */
export function keysAuthority(c: KeysClient): SshAuthority & EtcdCertAuthority {
  return {
    hostCa: async () => {
      const a = await c.getAuthorities({});
      return { line: a.sshHostCaKey, revoked: a.revokedSshHostKeys };
    },
    userCertificate: async (publicKey, principals, ttlSeconds) =>
      (
        await c.issueSshUserCertificate({
          publicKey,
          principals,
          keyId: `deploy:${principals.join(',')}@paddock`,
          ttlSeconds,
        })
      ).certificate,
    caBundle: async () => (await c.getAuthorities({})).caBundlePem,
    // The member's key stays on its host: a one-time token for the name and address, then its CSR.
    issue: async (name, addresses, csrPem) => {
      const { token } = await c.createToken({ node: name, addresses, ttlSeconds: 300 });
      const r = await c.enroll({ token, csrPem, sshHostPublicKey: '' });
      return r.credentials?.identityPem ?? '';
    },
  };
}
