import type { DhcpOption } from './option-list.ts';

/**
 * RFC 2132 §9.8: the client lists the options it wants, in its order of preference. Returns
 * the options with 53 first, then those the client asked for in its order, then the rest in
 * their own order (the server decides whether unrequested ones are sent at all; see
 * `onlyRequested`). Some firmware stops reading at the first option it does not expect.
 */
export function orderByParameterRequestList(options: readonly DhcpOption[], prl: readonly number[]): DhcpOption[] {
  const rank = new Map<number, number>();
  prl.forEach((code, i) => {
    if (!rank.has(code)) rank.set(code, i);
  });
  const key = (o: DhcpOption): number => (o.code === 53 ? -1 : (rank.get(o.code) ?? prl.length));
  return options
    .map((o, i) => ({ o, i }))
    .sort((a, b) => key(a.o) - key(b.o) || a.i - b.i)
    .map(({ o }) => o);
}

/** Keeps the requested options plus those sent whatever was asked: RFC 2131 §4.3.1 (53, 54, 51),
 * T1/T2, and RFC 3046 §2.2 (a relayed option 82 is echoed). */
export function onlyRequested(
  options: readonly DhcpOption[],
  prl: readonly number[],
  always: readonly number[] = [53, 54, 51, 58, 59, 82],
): DhcpOption[] {
  const keep = new Set([...prl, ...always]);
  return options.filter((o) => keep.has(o.code));
}
