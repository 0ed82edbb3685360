import { checkIfname } from './names.ts';

export interface Impairment {
  /** Share of frames dropped, 0-100; 0 removes the impairment. */
  dropPercent: number;
  /**
   * Which frames, seen from the host: `egress` = frames the host sends,
   * `ingress` = frames it receives, `both` (default) = each frame either way
   * (a ping round trip then survives with (1 - p)^2).
   */
  direction?: 'both' | 'egress' | 'ingress';
}

export const IMPAIR_TABLE = 'pdk_impair';

/**
 * An nft(8) script that drops frames at random on one bridge port.
 *
 * The kernel here has no netem, so loss is `numgen random mod 100 < N drop`.
 * It sits in the switch namespace's bridge `forward` hook, not in the host:
 * DHCP clients and servers send and receive through packet sockets, which the
 * host's inet hooks never see, while every frame crossing the bridge passes
 * this hook once per output port. The script is one transaction and replaces
 * the port's previous rules, so calling impair again changes the rate.
 */
export function impairScript(port: string, impairment: Impairment): string {
  checkIfname(port);
  const pct = impairment.dropPercent;
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) {
    throw new RangeError(`dropPercent must be an integer 0-100: ${pct}`);
  }
  const chain = `port_${port.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const lines = [
    `add table bridge ${IMPAIR_TABLE}`,
    `add chain bridge ${IMPAIR_TABLE} ${chain} { type filter hook forward priority 0; policy accept; }`,
    `flush chain bridge ${IMPAIR_TABLE} ${chain}`,
  ];
  const direction = impairment.direction ?? 'both';
  if (pct > 0) {
    // Frames the host sends enter the bridge on its port; frames it receives leave by it.
    if (direction !== 'ingress') lines.push(rule(chain, 'iifname', port, pct));
    if (direction !== 'egress') lines.push(rule(chain, 'oifname', port, pct));
  }
  return `${lines.join('\n')}\n`;
}

function rule(chain: string, match: 'iifname' | 'oifname', port: string, pct: number): string {
  return `add rule bridge ${IMPAIR_TABLE} ${chain} ${match} "${port}" numgen random mod 100 < ${pct} counter drop`;
}
