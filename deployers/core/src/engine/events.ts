/** What a running deployment reports, in order; renderers, log files and the Watch stream read these. */
export type StepStatus =
  | 'checking'
  | 'applying'
  /** The check passed: nothing to do. */
  | 'unchanged'
  /** Applied, and the check passes now. */
  | 'changed'
  /** Skipped: applied in the previous, unfinished run (resume). */
  | 'resumed'
  | 'failed';

export type DeployEvent =
  | { kind: 'stage'; stage: string; hosts: string[] }
  | {
      kind: 'step';
      stage: string;
      host: string;
      step: string;
      title: string;
      status: StepStatus;
      detail?: string;
      index: number;
      total: number;
    }
  | {
      kind: 'host';
      stage: string;
      host: string;
      outcome: 'ok' | 'failed';
      changed: number;
      unchanged: number;
      error?: string;
    }
  | { kind: 'done'; ok: boolean; changed: number; failedHosts: string[]; interrupted: boolean };
