import { checkLabelKey, checkLabelValue } from './labels.ts';

/** One requirement of a label selector ("rack=3", "gpu", "!spare", "role!=db", "cpu.cores>=16"). */
export type Requirement =
  | { op: 'eq' | 'ne'; key: string; value: string }
  | { op: 'exists' | 'absent'; key: string }
  | { op: 'gt' | 'ge' | 'lt' | 'le'; key: string; value: number };

const COMPARE = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' } as const;

/**
 * Parses a comma-separated selector, kubectl's equality-based syntax plus numeric comparisons
 * (`>`, `>=`, `<`, `<=` against a number, as kubectl's `Gt`/`Lt` node-affinity operators).
 * Returns the requirements or an error message naming the bad part; an empty selector
 * selects everything.
 */
export function parseSelector(text: string): { requirements: Requirement[] } | { error: string } {
  const requirements: Requirement[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') {
      if (text.trim() === '') continue;
      return { error: `label selector ${JSON.stringify(text)} has an empty requirement` };
    }
    const r = parseRequirement(part);
    if ('error' in r) return r;
    requirements.push(r);
  }
  return { requirements };
}

function parseRequirement(part: string): Requirement | { error: string } {
  const c = /^([^=!<>]+?)\s*(>=|<=|>|<)\s*(.*)$/.exec(part);
  if (c) {
    const key = c[1]!.trim();
    const text = c[3]!.trim();
    const problem = checkLabelKey(key);
    if (problem) return { error: `label selector: ${problem}` };
    if (!/^-?\d+(\.\d+)?$/.test(text))
      return { error: `label selector ${JSON.stringify(part)}: ${c[2]} needs a number, not ${JSON.stringify(text)}` };
    return { op: COMPARE[c[2] as keyof typeof COMPARE], key, value: Number(text) };
  }
  const m = /^([^=!]+?)\s*(!=|==|=)\s*(.*)$/.exec(part);
  if (m) {
    const key = m[1]!.trim();
    const value = m[3]!.trim();
    const problem = checkLabelKey(key) ?? checkLabelValue(key, value);
    if (problem) return { error: `label selector: ${problem}` };
    return { op: m[2] === '!=' ? 'ne' : 'eq', key, value };
  }
  const absent = part.startsWith('!');
  const key = absent ? part.slice(1).trim() : part;
  const problem = checkLabelKey(key);
  if (problem) return { error: `label selector: ${problem}` };
  return { op: absent ? 'absent' : 'exists', key };
}

export function matchesSelector(labels: Record<string, string>, requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    switch (r.op) {
      case 'eq':
        return has && labels[r.key] === r.value;
      case 'ne':
        // As in Kubernetes: a node without the label satisfies "key!=value".
        return !has || labels[r.key] !== r.value;
      case 'exists':
        return has;
      case 'absent':
        return !has;
      default:
        return has && compare(r.op, labels[r.key]!, r.value);
    }
  });
}

/** A label that is not a number satisfies no comparison (as in Kubernetes' Gt/Lt). */
function compare(op: 'gt' | 'ge' | 'lt' | 'le', text: string, value: number): boolean {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return false;
  const n = Number(text);
  return op === 'gt' ? n > value : op === 'ge' ? n >= value : op === 'lt' ? n < value : n <= value;
}
