import type { BootClient } from '../boot-request.ts';
import { type Selection, whyNot } from './match.ts';
import { type Rule, ruleOrder } from './rule.ts';

/** The rules tried before the chosen one, in priority order, each "name: why it was passed over". */
export function skippedRules(rules: readonly Rule[], c: BootClient, chosen: Rule | undefined): string[] {
  const out: string[] = [];
  for (const r of [...rules].sort(ruleOrder)) {
    if (r === chosen) break;
    const why = whyNot(r, c);
    if (why) out.push(`${r.name}: ${why}`);
  }
  return out;
}

/** How the selection came about: the inventory's rule, the fallback to the rule order, or nothing. */
export function selectionReason(rules: readonly Rule[], s: Selection, c: BootClient): string {
  const named = c.bootRule;
  const outcome = !s.rule
    ? 'no rule matches'
    : s.rule.action.kind === 'ignore'
      ? `rule ${s.rule.name} matches and ignores this machine`
      : `rule ${s.rule.name} is the first that matches`;
  switch (s.inventory) {
    case 'none':
      return outcome;
    case 'used':
      return `the inventory names rule ${named} for this machine`;
    case 'missing':
      return `the inventory names rule ${named}, which does not exist: fell back to the rule order, ${outcome}`;
    case 'not-for-firmware': {
      const rule = rules.find((r) => r.name === named);
      const why = rule ? whyNot(rule, c, false) : undefined;
      return `the inventory names rule ${named}, not for this firmware (${why ?? 'no'}): fell back to the rule order, ${outcome}`;
    }
  }
}
