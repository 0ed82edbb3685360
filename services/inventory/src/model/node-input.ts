import { checkLabelKey, checkLabels } from './labels.ts';
import { checkMac, checkName } from './names.ts';
import type { Firmware, Node } from './node.ts';

/**
 * What a person asks for when creating or changing a node, checked and normalised, pure. Each
 * function returns the clean value or the first problem as a sentence (INVALID_ARGUMENT).
 */
export interface CreateInput {
  name: string;
  labels: Record<string, string>;
  macs: string[];
  provider: { name: string; options: Record<string, string> };
  bootRule: string;
  description: string;
  architecture: string;
  firmware: Firmware;
}

export interface UpdatePatch {
  name?: string | undefined;
  description?: string | undefined;
  bootRule?: string | undefined;
  setLabels: Record<string, string>;
  removeLabels: string[];
  addMacs: string[];
  removeMacs: string[];
  architecture?: string | undefined;
  firmware?: Firmware | undefined;
}

type Checked<T> = { ok: T } | { error: string };

const RULE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ARCH = /^[a-z0-9_]{1,16}$/;
const DESCRIPTION_MAX = 1024;

export function checkCreate(input: CreateInput): Checked<CreateInput> {
  if (input.name !== '') {
    const bad = checkName(input.name);
    if (bad) return { error: bad };
  }
  const macs = checkMacs(input.macs);
  if ('error' in macs) return macs;
  const problem =
    checkLabels(input.labels) ??
    checkCommon(input.bootRule, input.description, input.architecture) ??
    (input.provider.name === '' ? 'a provider is required (metal or qemu)' : undefined);
  if (problem) return { error: problem };
  return { ok: { ...input, macs: macs.ok } };
}

export function applyPatch(node: Node, patch: UpdatePatch, now: number): Checked<Node> {
  if (patch.name !== undefined) {
    const bad = checkName(patch.name);
    if (bad) return { error: bad };
  }
  const labels = { ...node.labels, ...patch.setLabels };
  for (const key of patch.removeLabels) {
    const bad = checkLabelKey(key);
    if (bad) return { error: bad };
    delete labels[key];
  }
  const add = checkMacs(patch.addMacs);
  if ('error' in add) return add;
  const remove = checkMacs(patch.removeMacs);
  if ('error' in remove) return remove;
  const kept = node.nics.filter((n) => !remove.ok.includes(n.mac));
  const nics = [...kept, ...add.ok.filter((m) => !kept.some((n) => n.mac === m)).map((mac) => ({ mac, vendor: '' }))];
  const problem =
    checkLabels(patch.setLabels) ??
    checkCommon(patch.bootRule ?? '', patch.description ?? '', patch.architecture ?? '');
  if (problem) return { error: problem };
  return {
    ok: {
      ...node,
      name: patch.name ?? node.name,
      description: patch.description ?? node.description,
      bootRule: patch.bootRule ?? node.bootRule,
      architecture: patch.architecture ?? node.architecture,
      firmware: patch.firmware ?? node.firmware,
      labels,
      nics,
      updatedAt: now,
    },
  };
}

function checkMacs(texts: string[]): Checked<string[]> {
  const macs: string[] = [];
  for (const t of texts) {
    const r = checkMac(t);
    if ('error' in r) return r;
    if (macs.includes(r.mac)) return { error: `MAC ${r.mac} is given twice` };
    macs.push(r.mac);
  }
  return { ok: macs };
}

function checkCommon(bootRule: string, description: string, architecture: string): string | undefined {
  if (bootRule !== '' && !RULE.test(bootRule))
    return `boot rule ${JSON.stringify(bootRule)} must be a rule name: a-z, 0-9 and "-"`;
  if (description.length > DESCRIPTION_MAX) return `the description is longer than ${DESCRIPTION_MAX} characters`;
  if (architecture !== '' && !ARCH.test(architecture))
    return `architecture ${JSON.stringify(architecture)} must be like x86_64 or arm64`;
  return undefined;
}
