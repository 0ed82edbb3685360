import type { BootClient } from '../boot-request.ts';
import { type Rule, type RuleMatch, ruleOrder } from './rule.ts';

function macMatches(patterns: readonly string[], mac: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => (p.endsWith('*') ? mac.startsWith(p.slice(0, -1)) : p === mac));
}

/** The firmware half of a match: architecture family and iPXE or not. */
function firmwareMatches(m: RuleMatch, c: BootClient): boolean {
  return firmwareMismatch(m, c) === undefined;
}

function firmwareMismatch(m: RuleMatch, c: BootClient): string | undefined {
  if (m.archs.length > 0 && !m.archs.includes(c.arch)) return `arch ${c.arch} is not ${m.archs.join(' or ')}`;
  if (m.ipxe === 'yes' && !c.ipxe) return 'only for iPXE, and this is not iPXE';
  if (m.ipxe === 'no' && c.ipxe) return 'not for iPXE, and this is iPXE';
  return undefined;
}

/**
 * Why rule r does not take machine c, in words (for previews); undefined when it does. With
 * `whole` false, only the firmware half (what a rule the inventory names must still fit).
 */
export function whyNot(r: Rule, c: BootClient, whole = true): string | undefined {
  if (whole && !macMatches(r.match.macs, c.mac)) return `MAC ${c.mac} is not ${r.match.macs.join(' or ')}`;
  const firmware = firmwareMismatch(r.match, c);
  if (firmware) return firmware;
  const label = whole && Object.entries(r.match.labels).find(([k, v]) => c.labels[k] !== v);
  if (label) return `label ${label[0]}=${label[1]} not set`;
  if (!applies(r, c)) return 'a script rule, and only iPXE runs scripts';
  return undefined;
}

export function matches(m: RuleMatch, c: BootClient): boolean {
  if (!macMatches(m.macs, c.mac) || !firmwareMatches(m, c)) return false;
  return Object.entries(m.labels).every(([k, v]) => c.labels[k] === v);
}

/**
 * Only iPXE runs scripts: a script rule is passed over for other firmware, so one rule
 * "script for everyone" next to "undionly.kpxe for BIOS" breaks the chainload loop by itself.
 */
function applies(r: Rule, c: BootClient): boolean {
  return r.action.kind !== 'script' || c.ipxe;
}

/** The chosen rule, and what became of the rule the inventory named for the machine. */
export interface Selection {
  rule: Rule | undefined;
  /**
   * 'none': the inventory named no rule. 'used': its rule was chosen. 'missing': no rule has
   * that name. 'not-for-firmware': the rule is not for the firmware asking (a script rule
   * before iPXE runs, or its archs or iPXE condition say otherwise).
   */
  inventory: 'none' | 'used' | 'missing' | 'not-for-firmware';
}

/**
 * The rule for a machine. When the inventory names one (the node's bootRule) and it is for
 * the firmware asking, it wins outright: its priority, MACs and labels are not consulted,
 * since the inventory naming it is the match. Otherwise, and when the inventory names none or
 * a rule that does not exist, the first rule in priority order that matches and applies.
 * So a node pinned to a script rule still chainloads: the BIOS or UEFI firmware gets iPXE
 * from the normal rules, and iPXE then gets the named script.
 */
export function selectRule(rules: readonly Rule[], c: BootClient): Selection {
  const inOrder = () => [...rules].sort(ruleOrder).find((r) => matches(r.match, c) && applies(r, c));
  if (!c.bootRule) return { rule: inOrder(), inventory: 'none' };
  const named = rules.find((r) => r.name === c.bootRule);
  if (!named) return { rule: inOrder(), inventory: 'missing' };
  if (firmwareMatches(named.match, c) && applies(named, c)) return { rule: named, inventory: 'used' };
  return { rule: inOrder(), inventory: 'not-for-firmware' };
}

/** The inventory's part in a selection, for the boot event's detail; '' when it named no rule. */
export function inventoryNote(s: Selection, bootRule: string): string {
  switch (s.inventory) {
    case 'none':
      return '';
    case 'used':
      return `inventory rule ${bootRule}`;
    case 'missing':
      return `inventory rule ${bootRule} does not exist`;
    case 'not-for-firmware':
      return `inventory rule ${bootRule} is not for this firmware`;
  }
}
