import type { BootClient } from '../boot-request.ts';
import { type Rule, type RuleMatch, ruleOrder } from './rule.ts';

function macMatches(patterns: readonly string[], mac: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => (p.endsWith('*') ? mac.startsWith(p.slice(0, -1)) : p === mac));
}

export function matches(m: RuleMatch, c: BootClient): boolean {
  if (!macMatches(m.macs, c.mac)) return false;
  if (m.archs.length > 0 && !m.archs.includes(c.arch)) return false;
  if (m.ipxe === 'yes' && !c.ipxe) return false;
  if (m.ipxe === 'no' && c.ipxe) return false;
  return Object.entries(m.labels).every(([k, v]) => c.labels[k] === v);
}

/**
 * Only iPXE runs scripts: a script rule is passed over for other firmware, so one rule
 * "script for everyone" next to "undionly.kpxe for BIOS" breaks the chainload loop by itself.
 */
function applies(r: Rule, c: BootClient): boolean {
  return r.action.kind !== 'script' || c.ipxe;
}

/** The first rule, in priority order, that matches the client and applies to it. */
export function selectRule(rules: readonly Rule[], c: BootClient): Rule | undefined {
  return [...rules].sort(ruleOrder).find((r) => matches(r.match, c) && applies(r, c));
}
