import { decodeTxnResponse, type EtcdMembers, encodeGuardedPuts, type TxnResult, worthResending } from '@paddock/etcd';
import type { Claim, Kv } from './lease-etcd-wire.ts';

/** etcd's default --max-txn-ops is 128; a chunk stays well under it. */
const CHUNK = 64;
/** A claim whose key moved is lost; the others of its chunk are tried again this many times. */
const ATTEMPTS = 3;

/** How long a claim waits: in all, and for one answer before it is sent again. */
export interface ClaimDeadlines {
  timeoutMs: number;
  resendMs: number;
}

/**
 * Claims addresses: each chunk is one transaction that writes every key only if each is still
 * at the mod revision the server decided on ("0": nobody ever held it). When another server
 * wrote one of them first, the transaction writes nothing and reads the keys instead; the
 * claims whose key moved are lost (with the value that won), the rest are tried again. A claim
 * is reported written only once etcd has committed it, i.e. it is on a quorum's disks.
 */
export async function claimTxn(
  members: EtcdMembers,
  claims: readonly Claim[],
  d: ClaimDeadlines,
): Promise<{ written: Kv[]; lost: Kv[] }> {
  const chunks: Claim[][] = [];
  for (let i = 0; i < claims.length; i += CHUNK) chunks.push(claims.slice(i, i + CHUNK));
  const deadline = Date.now() + d.timeoutMs;
  const results = await Promise.all(chunks.map((c) => claimChunk(members, c, deadline, d.resendMs)));
  return { written: results.flatMap((r) => r.written), lost: results.flatMap((r) => r.lost) };
}

async function claimChunk(
  members: EtcdMembers,
  claims: Claim[],
  deadline: number,
  resendMs: number,
): Promise<{ written: Kv[]; lost: Kv[] }> {
  const written: Kv[] = [];
  const lost: Kv[] = [];
  let todo = claims;
  for (let attempt = 0; attempt < ATTEMPTS && todo.length > 0; attempt++) {
    const request = encodeGuardedPuts(todo.map((c) => ({ key: c.key, value: c.value, basis: Number(c.basis) })));
    const res = await send(members, request, deadline, resendMs);
    if (res.succeeded) {
      const mod = String(res.revision);
      return { written: [...written, ...todo.map((c) => ({ key: c.key, value: c.value, mod }))], lost };
    }
    const next: Claim[] = [];
    todo.forEach((c, i) => {
      const now = res.current[i];
      const mod = String(now?.mod ?? 0);
      const value = now?.value.toString();
      if (mod === c.basis) next.push(c);
      // A send that timed out went through after all (the value carries this server's id).
      else if (value === c.value) written.push({ key: c.key, value, mod });
      else lost.push({ key: c.key, value, mod });
    });
    todo = next;
  }
  // Still failing after the moved keys were set aside: treat the rest as lost too (never write blind).
  return { written, lost: [...lost, ...todo.map((c) => ({ key: c.key, value: undefined, mod: c.basis }))] };
}

/**
 * One transaction, sent again when no answer came within `resendMs` (or etcd said it has no
 * leader) until `deadline`. A member asked just before its leader died never answers: etcd
 * drops the proposal, and the call would hang until its deadline although a new leader is
 * elected within etcd's election timeout. Sending a claim twice is safe: it is guarded by a
 * mod revision, so at most one send writes, and a later one finds its own value there.
 */
async function send(members: EtcdMembers, request: Buffer, deadline: number, resendMs: number): Promise<TxnResult> {
  for (;;) {
    try {
      const sendDeadline = Math.min(deadline, Date.now() + resendMs);
      return decodeTxnResponse(await members.unary('/etcdserverpb.KV/Txn', request, sendDeadline));
    } catch (err) {
      if (!worthResending(err) || Date.now() + 50 >= deadline) throw err;
      // Fails fast while no member is reachable or none has a leader: not a busy loop.
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
