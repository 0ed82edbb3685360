// Reading Redfish resources (DSP0266, schemas ServiceRoot, ComputerSystem, Task) from parsed
// JSON into the few typed values Paddock uses. Pure; a missing or mistyped field is a message
// naming the resource and the field, since BMC firmware often leaves optional parts out.

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (where: string, what: string): { ok: false; reason: string } => ({
  ok: false,
  reason: `${where} ${what}`,
});

export interface ComputerSystem {
  uri: string;
  id: string;
  powerState: 'On' | 'Off' | 'PoweringOn' | 'PoweringOff' | 'Paused' | undefined;
  /** The Reset action's target, and the reset types it allows (empty: the service did not say). */
  resetTarget: string;
  resetTypes: string[];
  /** Allowed BootSourceOverrideTarget values (empty: not said). */
  bootTargets: string[];
  bootOverrideEnabled: string | undefined;
  bootOverrideTarget: string | undefined;
}

export function readServiceRoot(body: unknown, where: string): Read<{ systems: string }> {
  if (!isObj(body)) return fail(where, 'is not a JSON object (is this a Redfish service?)');
  const systems = body['Systems'];
  if (!isObj(systems) || typeof systems['@odata.id'] !== 'string') return fail(where, 'has no Systems link');
  return { ok: true, value: { systems: systems['@odata.id'] } };
}

export function readCollection(body: unknown, where: string): Read<string[]> {
  if (!isObj(body) || !Array.isArray(body['Members'])) return fail(where, 'has no Members array');
  const out: string[] = [];
  for (const m of body['Members']) {
    if (!isObj(m) || typeof m['@odata.id'] !== 'string') return fail(where, 'has a member without @odata.id');
    out.push(m['@odata.id']);
  }
  return { ok: true, value: out };
}

const POWER_STATES = new Set(['On', 'Off', 'PoweringOn', 'PoweringOff', 'Paused']);

export function readSystem(body: unknown, where: string): Read<ComputerSystem> {
  if (!isObj(body)) return fail(where, 'is not a JSON object');
  const uri = body['@odata.id'];
  if (typeof uri !== 'string') return fail(where, 'has no @odata.id');
  const actions = body['Actions'];
  const reset = isObj(actions) ? actions['#ComputerSystem.Reset'] : undefined;
  if (!isObj(reset) || typeof reset['target'] !== 'string')
    return fail(where, 'has no #ComputerSystem.Reset action (this service cannot power the system)');
  const ps = body['PowerState'];
  const boot = isObj(body['Boot']) ? body['Boot'] : {};
  return {
    ok: true,
    value: {
      uri,
      id: typeof body['Id'] === 'string' ? body['Id'] : uri,
      powerState: typeof ps === 'string' && POWER_STATES.has(ps) ? (ps as ComputerSystem['powerState']) : undefined,
      resetTarget: reset['target'],
      resetTypes: strings(reset['ResetType@Redfish.AllowableValues']),
      bootTargets: strings(boot['BootSourceOverrideTarget@Redfish.AllowableValues']),
      bootOverrideEnabled:
        typeof boot['BootSourceOverrideEnabled'] === 'string' ? boot['BootSourceOverrideEnabled'] : undefined,
      bootOverrideTarget:
        typeof boot['BootSourceOverrideTarget'] === 'string' ? boot['BootSourceOverrideTarget'] : undefined,
    },
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** A Task (DSP0266 §13.2) as seen while polling its monitor. */
export function readTaskState(body: unknown): { state: string; message: string } | undefined {
  if (!isObj(body) || typeof body['TaskState'] !== 'string') return undefined;
  const msgs = Array.isArray(body['Messages']) ? body['Messages'] : [];
  const first = msgs.find(isObj);
  return { state: body['TaskState'], message: typeof first?.['Message'] === 'string' ? first['Message'] : '' };
}

/** The message of a Redfish error body (`error.@Message.ExtendedInfo[].Message`, else `error.message`). */
export function errorMessage(body: unknown): string {
  if (!isObj(body) || !isObj(body['error'])) return typeof body === 'string' ? body.slice(0, 200) : '';
  const e = body['error'];
  const info = e['@Message.ExtendedInfo'];
  if (Array.isArray(info)) {
    const texts = info
      .filter(isObj)
      .map((i) => i['Message'])
      .filter((m): m is string => typeof m === 'string');
    if (texts.length > 0) return texts.join('; ');
  }
  return typeof e['message'] === 'string' ? e['message'] : '';
}
