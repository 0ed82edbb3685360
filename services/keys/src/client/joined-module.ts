import { X509Certificate } from 'node:crypto';
import type { ModuleContext, ModuleFactory } from '@paddock/runtime';
import { pemBlocks } from '../authority/cluster-ca.ts';
import type { TrustState } from '../server/http-trust.ts';
import { judgeClients } from '../server/judge-clients.ts';
import { normalSerial } from '../server/revocation-list.ts';
import {
  type JoinState,
  loadJoinedPki,
  loadRevoked,
  readJoinState,
  saveBundle,
  saveIssued,
  saveRevoked,
} from './joined-pki.ts';
import { getTrust, postIssued } from './keys-https.ts';
import { makeRequest } from './node-request.ts';

const RETRY_MS = 5000;

/** When the current certificate is due: two thirds of the way from its arrival to its expiry. */
export const renewalDue = (s: Pick<JoinState, 'issuedAt' | 'notAfter'>) =>
  s.issuedAt + ((s.notAfter - s.issuedAt) * 2) / 3;

/**
 * The part of a joined server that follows its keys service (added by the composition to any
 * service started with `--keys-join`): client certificates of the site's CAs are accepted and
 * judged as the keys service judges them, revocations are learnt at once (a long poll), and the
 * server's certificate is renewed with its current one before it expires and swapped into the
 * bound ports in place. The site's CA bundle (a rotation) is followed the same way.
 */
export function joinedModule(): ModuleFactory {
  return async (ctx) => {
    const revoked = new Set<string>();
    const judge = judgeClients((cert) => revoked.has(normalSerial(cert.serialNumber)));
    let untrust: Array<() => void> = [];
    let bundle = '';
    const trustBundle = (pem: string) => {
      for (const u of untrust) u();
      untrust = pemBlocks(pem).map((p) => ctx.trustClients({ ca: new X509Certificate(p), judge }));
      bundle = pem;
    };
    const apply = (state: TrustState) => {
      revoked.clear();
      for (const s of state.revokedSerials) revoked.add(normalSerial(s));
      saveRevoked(ctx.dataDir, state.revokedSerials);
      if (!state.caBundlePem.trim() || state.caBundlePem === bundle) return;
      trustBundle(state.caBundlePem);
      saveBundle(ctx.dataDir, state.caBundlePem);
      ctx.replacePki(loadJoinedPki(ctx.dataDir));
      ctx.log.info({ cas: untrust.length }, 'site CA bundle changed');
    };
    trustBundle(loadJoinedPki(ctx.dataDir).caPem);
    for (const s of loadRevoked(ctx.dataDir)) revoked.add(normalSerial(s));
    // Asked before the ports bind, so a certificate revoked while this server was down is
    // refused from the first call; the last list kept here stands in while the keys service is away.
    let known = '';
    try {
      const first = await fetchTrust(ctx, '', AbortSignal.any([ctx.shutdown, AbortSignal.timeout(10_000)]));
      apply(first);
      known = first.version;
    } catch (err) {
      ctx.log.warn({ err }, 'keys service unreachable at start: using the revocations last learnt');
    }
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, ctx.shutdown]);
    return {
      name: 'keys-join',
      protoFiles: [],
      services: [],
      start() {
        void renewLoop(ctx, signal);
        void followTrust(ctx, signal, apply, known);
      },
      stop: () => stop.abort(),
    };
  };
}

/** The CA bundle and revoked serials, asked with this server's own identity. */
function fetchTrust(ctx: ModuleContext, known: string, signal: AbortSignal): Promise<TrustState> {
  const state = readJoinState(ctx.dataDir);
  if (!state) throw new Error('this data dir has not joined a keys service');
  const pki = loadJoinedPki(ctx.dataDir);
  return getTrust(state.url, { ca: pki.caPem, cert: pki.serverCertPem, key: pki.serverKeyPem }, known, signal);
}

async function renewLoop(ctx: ModuleContext, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const state = readJoinState(ctx.dataDir);
    if (!state) return;
    await sleep(renewalDue(state) - Date.now(), signal);
    if (signal.aborted) return;
    try {
      const pki = loadJoinedPki(ctx.dataDir);
      const req = await makeRequest(state.node);
      const tls = { ca: pki.caPem, cert: pki.serverCertPem, key: pki.serverKeyPem };
      const issued = await postIssued(state.url, '/keys/v1/renew', tls, { csr: req.csrPem });
      saveIssued(ctx.dataDir, state, req.keyPem, issued);
      ctx.replacePki(loadJoinedPki(ctx.dataDir));
      ctx.log.info({ serial: issued.identitySerial, notAfter: new Date(issued.notAfter) }, 'certificate renewed');
    } catch (err) {
      // Retried well before expiry: a tenth of what is left, at least a second.
      const wait = Math.max(1000, Math.min(60_000, (state.notAfter - Date.now()) / 10));
      ctx.log.warn({ err, retryInMs: Math.round(wait) }, 'certificate renewal failed');
      await sleep(wait, signal);
    }
  }
}

async function followTrust(
  ctx: ModuleContext,
  signal: AbortSignal,
  apply: (s: TrustState) => void,
  known: string,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const trust = await fetchTrust(ctx, known, signal);
      apply(trust);
      known = trust.version;
    } catch (err) {
      if (signal.aborted) return;
      ctx.log.warn({ err }, 'cannot follow the keys service (revocations, CA bundle): retrying');
      await sleep(RETRY_MS, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
