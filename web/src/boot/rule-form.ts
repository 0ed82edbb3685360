/**
 * The boot rule form of the Boot page: text fields and choices to and from the API's BootRule.
 * Only shape is checked here (an architecture name, a label written key=value); the server
 * checks meaning (the rule name, the file or template named) and says what is wrong.
 */
import { type BootAction, type BootRule, ClientArch, IpxeMatch } from '@paddock/proto/boot/v1/boot.ts';

export type ActionKind = 'file' | 'url' | 'script' | 'ignore';

export interface RuleFields {
  /** The rule's name, its key (`id` so the shared edit form can hold it still while editing). */
  id: string;
  priority: string;
  description: string;
  /** MACs or prefixes ending in "*", comma or space separated. */
  macs: string;
  /** Architecture short names (bios, efi-x64, efi-arm64-http, …), comma or space separated. */
  archs: string;
  ipxe: 'any' | 'yes' | 'no';
  /** key=value pairs, comma or space separated. */
  labels: string;
  action: ActionKind;
  /** The file, URL or template name; unused for ignore. */
  target: string;
}

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const ARCH_PREFIX = 'CLIENT_ARCH_';

/** Every architecture a rule can name: "efi-x64" for CLIENT_ARCH_EFI_X64. */
export const ARCH_NAMES: ReadonlyMap<string, ClientArch> = new Map(
  Object.entries(ClientArch)
    .filter((e): e is [string, ClientArch] => typeof e[1] === 'number' && e[1] > 0)
    .map(([key, value]) => [key.slice(ARCH_PREFIX.length).toLowerCase().replaceAll('_', '-'), value]),
);
const archName = (a: ClientArch) => [...ARCH_NAMES].find(([, v]) => v === a)?.[0] ?? String(a);

const IPXE: Record<RuleFields['ipxe'], IpxeMatch> = {
  any: IpxeMatch.IPXE_MATCH_ANY,
  yes: IpxeMatch.IPXE_MATCH_YES,
  no: IpxeMatch.IPXE_MATCH_NO,
};

export const EMPTY_RULE: RuleFields = {
  id: '',
  priority: '100',
  description: '',
  macs: '',
  archs: '',
  ipxe: 'any',
  labels: '',
  action: 'script',
  target: 'default',
};

export function ruleToFields(r: BootRule): RuleFields {
  const m = r.match;
  const kind = r.action?.kind;
  return {
    id: r.name,
    priority: String(r.priority),
    description: r.description,
    macs: (m?.macs ?? []).join(', '),
    archs: (m?.archs ?? []).map(archName).join(', '),
    ipxe: m?.ipxe === IpxeMatch.IPXE_MATCH_YES ? 'yes' : m?.ipxe === IpxeMatch.IPXE_MATCH_NO ? 'no' : 'any',
    labels: Object.entries(m?.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
    action: kind?.$case ?? 'ignore',
    target: kind && kind.$case !== 'ignore' ? kind.value : '',
  };
}

/** The rule the fields describe; throws an Error naming the field when one cannot be read. */
export function fieldsToRule(f: RuleFields): BootRule {
  const priority = Number(f.priority.trim() || '0');
  if (!Number.isInteger(priority)) throw new Error(`Priority: "${f.priority}" is not a whole number`);
  const archs = list(f.archs).map((name) => {
    const arch = ARCH_NAMES.get(name.toLowerCase());
    if (arch === undefined)
      throw new Error(`Architectures: "${name}" is not one of ${[...ARCH_NAMES.keys()].join(', ')}`);
    return arch;
  });
  const labels: Record<string, string> = {};
  for (const pair of list(f.labels)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`Labels: "${pair}" is not key=value`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const target = f.target.trim();
  const action: BootAction = {
    kind: f.action === 'ignore' ? { $case: 'ignore', value: true } : { $case: f.action, value: target },
  };
  return {
    name: f.id.trim(),
    priority,
    description: f.description.trim(),
    match: { macs: list(f.macs).map((m) => m.toLowerCase()), archs, ipxe: IPXE[f.ipxe], labels },
    action,
  };
}
