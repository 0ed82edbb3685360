import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { reconcile, StateError } from './agent.ts';
import { systemShell } from './shell.ts';

export interface AgentOptions {
  state: string;
  /** Apply once and exit, rather than every `interval` seconds. */
  once?: boolean;
  interval?: number;
}

/**
 * The overlay agent: applies the desired state in this network namespace and prints, as one JSON
 * line per pass, what it did and what it then observed. Returns 0 converged, 1 a step failed,
 * 2 the state is invalid (nothing was touched).
 */
export async function runAgent(opts: AgentOptions): Promise<number> {
  const interval = opts.interval ?? 5;
  if (!(interval > 0)) {
    process.stderr.write(`overlay agent: --interval must be a positive number of seconds, not ${interval}\n`);
    return 2;
  }
  const shell = systemShell();
  for (;;) {
    let code = 0;
    try {
      const reports = await reconcile(await readFile(opts.state, 'utf8'), shell);
      process.stdout.write(`${JSON.stringify({ networks: reports })}\n`);
      code = reports.every((r) => r.error === undefined && r.converged) ? 0 : 1;
    } catch (err) {
      process.stderr.write(`overlay agent: ${(err as Error).message}\n`);
      code = err instanceof StateError ? 2 : 1;
    }
    if (opts.once) return code;
    await new Promise((r) => setTimeout(r, interval * 1000));
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      state: { type: 'string' },
      once: { type: 'boolean' },
      interval: { type: 'string', default: '5' },
      server: { type: 'string' },
      network: { type: 'string' },
      endpoint: { type: 'string' },
      ca: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'private-key': { type: 'string' },
      interfaces: { type: 'string' },
    },
  });
  if (values.server !== undefined) {
    // Loaded only here: the state-file agent (the one the deployers push to a host as one
    // bundled file) then loads no gRPC, whose health service reads .proto files at load time.
    const { runServerAgentCli } = await import('./server-main.ts');
    process.exitCode = await runServerAgentCli({ ...values, server: values.server, privateKey: values['private-key'] });
  } else if (values.state === undefined) {
    process.stderr.write('overlay agent: --state FILE or --server HOST:PORT is required\n');
    process.exitCode = 2;
  } else {
    process.exitCode = await runAgent({ state: values.state, once: values.once, interval: Number(values.interval) });
  }
}
