import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import {
  type CallContext,
  fromRevisionOf,
  invalidArgument,
  PaddockError,
  service,
  type WatchSource,
  watch,
} from '@paddock/runtime';
import type { KeyAuthority } from '../server/key-authority.ts';
import type { KeyStats } from '../server/stats.ts';
import type { KeyStore } from '../store/key-store.ts';
import type { KeyItem } from '../store/watched-key-store.ts';
import { checkAddresses, checkName, toCertificate, toCredentials, toToken } from './convert.ts';

/** The node a call comes from, when it carries a node certificate. */
export function callerNode(principal: string): string {
  if (!principal.startsWith('node:'))
    throw new PaddockError(
      'permissionDenied',
      "renewal needs the node's current identity certificate as the client certificate",
    );
  return principal.slice('node:'.length);
}

const tally = (t: Map<string, number>) => Object.fromEntries([...t].map(([k, v]) => [k, BigInt(v)]));

/** paddock.keys.v1.KeyService over the key authority; `keys` is what WatchKeys follows. */
export function keyService(ka: KeyAuthority, store: KeyStore, stats: KeyStats, keys: WatchSource<KeyItem, KeyItem>) {
  return service(
    KeyServiceDefinition,
    {
      createToken(req) {
        const { token, row } = ka.createToken(
          checkName(req.node),
          checkAddresses(req.addresses),
          req.ttlSeconds || undefined,
        );
        return { token, info: toToken(row) };
      },
      listTokens: () => ({ tokens: store.listTokens().map(toToken) }),
      async enroll(req, ctx: CallContext) {
        const peer = ctx.peer.replace(/^ipv[46]:/, '').replace(/:\d+$/, '');
        return {
          credentials: toCredentials(
            await ka.enrol({ token: req.token, csr: req.csrPem, sshHostKey: req.sshHostPublicKey || undefined, peer }),
          ),
        };
      },
      async renew(req, ctx: CallContext) {
        const node = callerNode(ctx.principal);
        return {
          credentials: toCredentials(
            await ka.renew(node, { csr: req.csrPem, sshHostKey: req.sshHostPublicKey || undefined }),
          ),
        };
      },
      revoke(req) {
        if (!req.target) throw invalidArgument('name a certificate serial or a node to revoke');
        const { certs, tokens } = ka.revoke(req.target, req.reason || 'revoked by an admin');
        return { serials: certs.map((c) => c.serial), tokens };
      },
      listCertificates: () => ({ certificates: store.listCerts().map(toCertificate) }),
      async issueAdminCertificate(req) {
        const out = await ka.adminCert(checkName(req.name, 'admin'), req.csrPem);
        return {
          certificatePem: out.pem,
          serial: out.serial,
          notAfterUnixMs: BigInt(out.notAfter),
          caBundlePem: ka.caBundlePem,
        };
      },
      issueSshUserCertificate(req) {
        const keyId = req.keyId || `paddock-user-${req.principals.join(',')}`;
        const out = ka.sshUserCert(req.publicKey, keyId, req.principals, req.ttlSeconds || undefined);
        return { certificate: out.certificate, serial: out.serial, notAfterUnixMs: BigInt(out.notAfter) };
      },
      getAuthorities: () => ka.publicHalves(),
      getStats: () => ({ issued: tally(stats.issued), refused: tally(stats.refused) }),
      async *watchKeys(req, ctx) {
        for await (const e of watch(keys, { fromRevision: fromRevisionOf(req), signal: ctx.signal })) {
          const item = e.snapshot ?? e.change;
          yield {
            watch: e.watch,
            token: item?.token && toToken(item.token),
            certificate: item?.cert && toCertificate(item.cert),
          };
        }
      },
    },
    { enroll: 'open', renew: 'node', getAuthorities: 'node' },
  );
}
