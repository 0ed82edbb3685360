import { ARCH_NAMES, type ArchName } from '@paddock/netboot';
import { isMac } from '@paddock/wire';
import { z } from 'zod';

/** What a rule does for the machines it matches. */
export type BootAction =
  | { kind: 'file'; file: string }
  | { kind: 'url'; url: string }
  | { kind: 'script'; script: string }
  | { kind: 'ignore' };

export interface RuleMatch {
  /** Exact MACs or prefixes ending in "*"; empty matches every machine. */
  macs: string[];
  archs: ArchName[];
  ipxe: 'any' | 'yes' | 'no';
  labels: Record<string, string>;
}

/** One boot rule as data: tried by priority then name, the first match wins. */
export interface Rule {
  name: string;
  priority: number;
  description: string;
  match: RuleMatch;
  action: BootAction;
}

export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const name = z.string().regex(NAME_PATTERN, 'must be lower-case letters, digits and dashes (at most 63)');
const MAC_PREFIX = /^([0-9a-f]{2}:){0,5}\*$/;

const macPattern = z
  .string()
  .transform((s) => s.trim().toLowerCase().replaceAll('-', ':'))
  .refine(
    (s) => isMac(s) || MAC_PREFIX.test(s),
    'must be a MAC (aa:bb:cc:dd:ee:ff) or a prefix ending in * (52:54:00:*)',
  );

const action = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), file: z.string().min(1).max(1024) }),
  z.object({ kind: z.literal('url'), url: z.url({ protocol: /^(https?|tftp)$/ }) }),
  z.object({ kind: z.literal('script'), script: name }),
  z.object({ kind: z.literal('ignore') }),
]);

export const ruleSchema = z.object({
  name,
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(100),
  description: z.string().max(500).default(''),
  match: z
    .object({
      macs: z.array(macPattern).max(1000).default([]),
      archs: z.array(z.enum(ARCH_NAMES)).default([]),
      ipxe: z.enum(['any', 'yes', 'no']).default('any'),
      labels: z.record(z.string().min(1), z.string()).default({}),
    })
    .prefault({}),
  action,
});

/** Validates a rule from any source (API, YAML); throws a message naming the bad field. */
export function parseRule(input: unknown): Rule {
  const r = ruleSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new RangeError(`rule ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** The order rules are tried in. */
export function ruleOrder(a: Rule, b: Rule): number {
  return a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
