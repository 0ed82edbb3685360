import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Remote, Step } from '../../engine/types.ts';
import { runOk, sh } from '../../steps/shell.ts';
import { adminKubeconfig, K3S, type K3sNode } from './k3s-files.ts';

/** A first start imports the images and starts etcd and the API server: minutes on a slow host. */
const READY_WAIT_S = 180;

/** The API server answers /readyz, asked as k3s's own admin (`k3s kubectl`, the admin kubeconfig on the host). */
export function serverReadyStep(): Step {
  const probe = `${K3S.binary} kubectl get --raw=/readyz`;
  return {
    id: 'ready',
    title: 'API server ready (/readyz)',
    check: async ({ remote }) => {
      const r = await remote.run(`${probe} 2>&1`);
      return r.code === 0 && r.stdout.trim() === 'ok' ? { kind: 'ok' } : { kind: 'change', reason: 'not ready yet' };
    },
    apply: async ({ remote }) => {
      await runOk(
        remote,
        `for i in $(seq ${READY_WAIT_S}); do [ "$(${probe} 2>/dev/null)" = ok ] && exit 0; sleep 1; done; echo "not ready after ${READY_WAIT_S} s; its log: ${K3S.log}" >&2; tail -n 5 ${sh(K3S.log)} >&2; exit 1`,
      );
    },
  };
}

/**
 * The server runs the cluster of our token: k3s keeps the token it first started with (in its
 * data dir), so a host that already belonged to another cluster would ignore ours. Compared on
 * the host with the token fed on stdin: it is never on a command line nor in a log.
 */
export function tokenMatchStep(token: string): Step {
  const compare = `IFS= read -r want; want=\${want##*::server:}; got=$(cat ${sh(K3S.serverToken)} 2>/dev/null) || exit 2; [ "\${got##*::server:}" = "$want" ]`;
  return {
    id: 'token-matches',
    title: 'server runs the cluster of this token',
    check: async ({ remote }) => {
      const r = await remote.run(compare, { input: `${token}\n` });
      if (r.code === 0) return { kind: 'ok' };
      return { kind: 'change', reason: r.code === 2 ? `k3s wrote no ${K3S.serverToken}` : 'its token differs' };
    },
    apply: async () => {
      throw new Error(
        `k3s on this host keeps the token of another cluster in ${K3S.serverToken}: give that token (--token-file), or remove /var/lib/rancher/k3s/server to start afresh`,
      );
    },
  };
}

/** An agent has joined once a server accepted its token and gave it its kubelet certificate. */
export function agentJoinedStep(): Step {
  const joined = `test -s ${sh(K3S.agentCert)}`;
  return {
    id: 'joined',
    title: 'agent joined (kubelet certificate from a server)',
    check: async ({ remote }) =>
      (await remote.run(joined)).code === 0 ? { kind: 'ok' } : { kind: 'change', reason: 'not joined yet' },
    apply: async ({ remote }) => {
      await runOk(
        remote,
        `for i in $(seq ${READY_WAIT_S}); do ${joined} && exit 0; sleep 1; done; echo "not joined after ${READY_WAIT_S} s; its log: ${K3S.log}" >&2; tail -n 5 ${sh(K3S.log)} >&2; exit 1`,
      );
    },
  };
}

/**
 * The admin kubeconfig, copied from the first server into the admin's data dir (mode 0600) with
 * the server URL on the overlay. It holds the admin's client key: read as a secret, never logged.
 */
export function kubeconfigStep(server: K3sNode, local: string): Step {
  /** Undefined while the server has not written it (a plan before the first run). */
  const fetch = async (remote: Remote) => {
    const r = await remote.run(`cat ${sh(K3S.kubeconfig)}`, { secret: true });
    return r.code === 0 ? adminKubeconfig(r.stdout, server) : undefined;
  };
  const have = () => {
    try {
      return { text: readFileSync(local, 'utf8'), mode: statSync(local).mode & 0o777 };
    } catch {
      return undefined;
    }
  };
  return {
    id: 'kubeconfig',
    title: `admin kubeconfig in ${local}`,
    check: async ({ remote }) => {
      const want = await fetch(remote);
      if (want === undefined) return { kind: 'change', reason: `the server has no ${K3S.kubeconfig} yet` };
      const got = have();
      if (!got) return { kind: 'change', reason: 'missing' };
      if (got.text !== want) return { kind: 'change', reason: 'differs from the server' };
      if (got.mode !== 0o600) return { kind: 'change', reason: `mode ${got.mode.toString(8)}, want 600` };
      return { kind: 'ok' };
    },
    apply: async ({ remote }) => {
      const want = await fetch(remote);
      if (want === undefined) throw new Error(`the server has no ${K3S.kubeconfig}: is k3s running there?`);
      mkdirSync(dirname(local), { recursive: true, mode: 0o700 });
      writeFileSync(local, want, { mode: 0o600 });
      chmodSync(local, 0o600);
    },
  };
}
