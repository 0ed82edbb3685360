import type { Step } from '../plan/step.ts';

/** One command the agent runs for one or more steps of a plan. */
export interface Command {
  argv: string[];
  /** Lines for `ip -batch -` / `bridge -batch -` on stdin. */
  input?: string;
  steps: Step[];
}

/** Enough for a 50-member mesh's FDB entries (two per peer) in one command; a failure still names its first step. */
const MAX_BATCH = 128;

/** Which steps can share a command: `wg set` of one device, FDB entries, `ip` links, addresses and neighbours. */
function family(s: Step): string | undefined {
  const a = s.argv;
  if (s.daemon) return undefined;
  if (a[0] === 'wg' && a[1] === 'set' && (a[3] === 'peer' || a[3] === 'private-key')) return `wg ${a[2]}`;
  if (a[0] === 'bridge' && a[1] === 'fdb') return 'bridge';
  if (a[0] === 'ip' && (a[1] === 'neigh' || a[1] === 'link' || a[1] === 'addr')) return 'ip';
  return undefined;
}

const delayOf = (s: Step | undefined) => s?.delayMs ?? 0;

/** wg(8) takes the device's own settings before any peer: a key step only ever opens a command. */
const opensOnly = (s: Step) => s.argv[0] === 'wg' && s.argv[3] === 'private-key';

/**
 * Consecutive steps of one family in one command, in plan order: `wg set IF [private-key …]
 * peer … peer …` (wg(8) takes any number of peer clauses) and `ip -batch -` / `bridge -batch -`
 * (both stop at the first failing line). A full mesh of N peers then costs three commands
 * instead of 4 × N process starts, and a new node's devices one `ip -batch` instead of nine:
 * on a busy host, or 50 nodes' agents on one, process starts are most of the time a pass takes.
 */
export function batchSteps(steps: Step[]): Command[] {
  const out: Command[] = [];
  let open: { family: string; steps: Step[] } | undefined;
  const flush = () => {
    if (open) out.push(commandOf(open.family, open.steps));
    open = undefined;
  };
  for (const s of steps) {
    const f = family(s);
    if (f === undefined) {
      flush();
      out.push({ argv: s.argv, steps: [s] });
      continue;
    }
    // A step that waits (Step.delayMs) opens a command: the steps before it must not wait with it.
    const waits = delayOf(s) !== delayOf(open?.steps[0]);
    if (open && (open.family !== f || open.steps.length >= MAX_BATCH || opensOnly(s) || waits)) flush();
    open ??= { family: f, steps: [] };
    open.steps.push(s);
  }
  flush();
  return out;
}

function commandOf(family: string, steps: Step[]): Command {
  if (steps.length === 1) return { argv: steps[0]!.argv, steps };
  if (family.startsWith('wg '))
    return { argv: [...steps[0]!.argv.slice(0, 3), ...steps.flatMap((s) => s.argv.slice(3))], steps };
  const tool = steps[0]!.argv[0]!;
  // Every token is an address, a MAC, a number or a device name: no quoting is needed.
  return { argv: [tool, '-batch', '-'], input: `${steps.map((s) => s.argv.slice(1).join(' ')).join('\n')}\n`, steps };
}
