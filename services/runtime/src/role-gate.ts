/**
 * Whether this server may run a singleton job now (the scanner's schedule, the power
 * reconciler, crowning). With one server there is nobody to share with: `ALWAYS` holds. With
 * several on one etcd, the job's role election answers; it is asked at each run, not once.
 */
export interface RoleGate {
  held(): boolean;
}

export const ALWAYS: RoleGate = { held: () => true };
