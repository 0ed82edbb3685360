// Chassis and session commands (IPMI 2.0 §28, §22) as netFn/cmd/data triples and answer
// parsers; the client sends them through a session.

export const NETFN_CHASSIS = 0x00;
export const NETFN_APP = 0x06;

export interface Command {
  netFn: number;
  cmd: number;
  data: Uint8Array;
  /** Whether sending it twice does no harm: only those are retried when an answer is lost. */
  idempotent: boolean;
  name: string;
}

export const getChassisStatus = (): Command => ({
  netFn: NETFN_CHASSIS,
  cmd: 0x01,
  data: new Uint8Array(0),
  idempotent: true,
  name: 'Get Chassis Status',
});

/** §28.3: 0 down, 1 up, 2 cycle, 3 hard reset, 5 soft shutdown (ACPI). */
export const ChassisAction = { off: 0, on: 1, cycle: 2, reset: 3, soft: 5 } as const;
export type ChassisAction = keyof typeof ChassisAction;

export const chassisControl = (action: ChassisAction): Command => ({
  netFn: NETFN_CHASSIS,
  cmd: 0x02,
  data: Uint8Array.of(ChassisAction[action]),
  // On and off are states; a cycle or reset sent twice would cycle the machine twice.
  idempotent: action === 'on' || action === 'off' || action === 'soft',
  name: `Chassis Control (${action})`,
});

/**
 * Set System Boot Options, parameter 5 (boot flags, §28.13 table 28-14): valid, this next boot
 * only, boot from PXE; `efi` asks for a UEFI boot rather than legacy BIOS.
 */
export const setBootPxeOnce = (efi: boolean): Command => ({
  netFn: NETFN_CHASSIS,
  cmd: 0x08,
  data: Uint8Array.of(0x05, 0x80 | (efi ? 0x20 : 0), 0x04, 0, 0, 0),
  idempotent: true,
  name: 'Set System Boot Options (PXE once)',
});

/** §22.18: raises the session to the privilege it asked for in RAKP 1 (sessions start at user). */
export const setSessionPrivilege = (privilege: number): Command => ({
  netFn: NETFN_APP,
  cmd: 0x3b,
  data: Uint8Array.of(privilege),
  idempotent: true,
  name: 'Set Session Privilege Level',
});

export const closeSession = (bmcSessionId: number): Command => ({
  netFn: NETFN_APP,
  cmd: 0x3c,
  data: Uint8Array.of(
    bmcSessionId & 0xff,
    (bmcSessionId >>> 8) & 0xff,
    (bmcSessionId >>> 16) & 0xff,
    bmcSessionId >>> 24,
  ),
  idempotent: true,
  name: 'Close Session',
});

export interface ChassisStatus {
  powerOn: boolean;
  overload: boolean;
  interlock: boolean;
  powerFault: boolean;
  controlFault: boolean;
}

export function parseChassisStatus(data: Uint8Array): ChassisStatus | string {
  if (data.length < 3) return `Get Chassis Status answered ${data.length} bytes, needs at least 3`;
  const b = data[0]!;
  return {
    powerOn: (b & 0x01) !== 0,
    overload: (b & 0x02) !== 0,
    interlock: (b & 0x04) !== 0,
    powerFault: (b & 0x08) !== 0,
    controlFault: (b & 0x10) !== 0,
  };
}

/** Completion codes (§5.2 table 5-2) in words; the ones users meet name what to do. */
export function completionText(cc: number): string {
  const t: Record<number, string> = {
    192: 'the BMC is busy',
    193: 'command not supported by this BMC',
    195: 'timed out inside the BMC',
    201: 'parameter out of range',
    204: 'invalid data field',
    212: 'insufficient privilege (the user needs the operator or administrator role)',
    213: 'command not supported in the present state',
    214: 'command disabled on this BMC',
  };
  return t[cc] ?? `completion code 0x${cc.toString(16).padStart(2, '0')}`;
}
