import type { DhcpOption } from './option-list.ts';

/**
 * Per option code: the call that last marked it, and its rank in that call's request list.
 * Every reply is filtered and ordered by its request's list, so these tables are stamped with a
 * call number rather than a Map or Set being built per reply. Codes are bytes (0..255), as a
 * parameter request list read off the wire is.
 */
const markedIn = new Uint32Array(256);
const rankOf = new Uint16Array(256);
let call = 0;

function nextCall(): number {
  if (++call === 0xffffffff) {
    markedIn.fill(0);
    call = 1;
  }
  return call;
}

/**
 * RFC 2132 §9.8: the client lists the options it wants, in its order of preference. Returns
 * the options with 53 first, then those the client asked for in its order, then the rest in
 * their own order (the server decides whether unrequested ones are sent at all; see
 * `onlyRequested`). Some firmware stops reading at the first option it does not expect.
 */
export function orderByParameterRequestList(options: readonly DhcpOption[], prl: readonly number[]): DhcpOption[] {
  const c = nextCall();
  // Backwards, so a code listed twice keeps the rank of its first mention.
  for (let i = prl.length - 1; i >= 0; i--) {
    const code = prl[i]!;
    markedIn[code] = c;
    rankOf[code] = i;
  }
  const out = options.slice();
  const keys = out.map((o) => (o.code === 53 ? -1 : markedIn[o.code] === c ? rankOf[o.code]! : prl.length));
  // Insertion sort: stable, and a reply has a few dozen options at most.
  for (let i = 1; i < out.length; i++) {
    const o = out[i]!;
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) {
      out[j + 1] = out[j]!;
      keys[j + 1] = keys[j]!;
    }
    out[j + 1] = o;
    keys[j + 1] = k;
  }
  return out;
}

/** Keeps the requested options plus those sent whatever was asked: RFC 2131 §4.3.1 (53, 54, 51),
 * T1/T2, and RFC 3046 §2.2 (a relayed option 82 is echoed). */
export function onlyRequested(
  options: readonly DhcpOption[],
  prl: readonly number[],
  always: readonly number[] = [53, 54, 51, 58, 59, 82],
): DhcpOption[] {
  const c = nextCall();
  for (const code of prl) markedIn[code] = c;
  for (const code of always) markedIn[code] = c;
  return options.filter((o) => markedIn[o.code] === c);
}
