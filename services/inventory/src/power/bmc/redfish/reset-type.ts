/**
 * Which ResetType (Redfish Resource.ResetType) carries out a Paddock power action, in order of
 * preference: the first one the service lists in @Redfish.AllowableValues wins. A service that
 * lists nothing gets the first, which DSP0266 requires every implementation to accept for On.
 */
const PREFERENCES = {
  on: ['On', 'ForceOn'],
  off: ['ForceOff', 'GracefulShutdown'],
  soft: ['GracefulShutdown'],
  // PowerCycle keeps the BMC's own view consistent; ForceRestart is the common fallback.
  reboot: ['PowerCycle', 'ForceRestart', 'GracefulRestart'],
} as const;

export type RedfishAction = keyof typeof PREFERENCES;

export function chooseResetType(action: RedfishAction, allowed: string[]): string | { error: string } {
  const prefs: readonly string[] = PREFERENCES[action];
  if (allowed.length === 0) return prefs[0]!;
  const hit = prefs.find((p) => allowed.includes(p));
  if (hit) return hit;
  return { error: `cannot ${action === 'on' ? 'power on' : action}: the system allows only ${allowed.join(', ')}` };
}
