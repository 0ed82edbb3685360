import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { overlaySteps } from './overlay-set.ts';

const dir = mkdtempSync(join(tmpdir(), 'agent-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const network = { name: 'lab', subnet: '10.99.0.0/24', transit: '10.98.0.0/24', vni: 42, listenPort: 51820 };
const targets = [{ name: 'n1', address: '10.0.0.1' }];

describe('overlay with a pushed agent bundle', () => {
  it('refuses a bundle without node or the agent before anything runs, naming what is missing', () => {
    writeFileSync(join(dir, 'node'), '');
    expect(() => overlaySteps({ network, targets, agentBundle: dir })).toThrow(
      `agent bundle ${dir} has no overlay-agent.mjs`,
    );
  });

  it('sends both files, and runs the agent from where they went, restarted when they change', async () => {
    writeFileSync(join(dir, 'overlay-agent.mjs'), 'the agent');
    const set = overlaySteps({ network, targets, agentBundle: dir, agentCommand: 'paddock-elsewhere agent' });
    const commands: { cmd: string; inputFile?: string | undefined }[] = [];
    // A host with nothing on it: the files' sums and modes are "-" (missing), as the step's shell prints them.
    const remote = {
      run: async (cmd: string, o?: { inputFile?: string }) => {
        commands.push({ cmd, inputFile: o?.inputFile });
        return { code: 0, stdout: '- -\n- -\n', stderr: '' };
      },
    };
    const ctx = { target: targets[0]!, remote, log: () => {}, signal: new AbortController().signal };
    const [install] = set.stages[0]!.steps(targets[0]!);
    expect(install).toMatchObject({ id: 'agent-installed', title: 'overlay agent installed (pushed)' });
    expect(await install!.check(ctx)).toEqual({
      kind: 'change',
      reason: '/var/lib/paddock/agent/node missing, /var/lib/paddock/agent/overlay-agent.mjs missing',
    });
    await install!.apply(ctx);
    expect(commands.filter((c) => c.inputFile).map((c) => c.inputFile)).toEqual([
      join(dir, 'node'),
      join(dir, 'overlay-agent.mjs'),
    ]);
    commands.length = 0;
    const daemon = set.stages[1]!.steps(targets[0]!)[1]!;
    await daemon.apply(ctx);
    const start = commands.map((c) => c.cmd).join('\n');
    expect(start).toContain(
      "setsid '/var/lib/paddock/agent/node' '/var/lib/paddock/agent/overlay-agent.mjs' --state '/etc/paddock/overlay/lab/state.json'",
    );
    // The files' sums are kept beside the pid: a new bundle restarts the agent.
    expect(start).toContain("sha256sum '/var/lib/paddock/agent/node' '/var/lib/paddock/agent/overlay-agent.mjs'");
    expect(start).not.toContain('paddock-elsewhere');
  });

  it('sends the runtime gzipped when the bundle has node.gz, unpacked on the host', async () => {
    writeFileSync(join(dir, 'node.gz'), '');
    const sent: { cmd: string; inputFile?: string | undefined }[] = [];
    const remote = {
      run: async (cmd: string, o?: { inputFile?: string }) => {
        sent.push({ cmd, inputFile: o?.inputFile });
        return { code: 0, stdout: '- -\n- -\n', stderr: '' };
      },
    };
    const [install] = overlaySteps({ network, targets, agentBundle: dir }).stages[0]!.steps(targets[0]!);
    await install!.apply({ target: targets[0]!, remote, log: () => {}, signal: new AbortController().signal });
    const node = sent.find((c) => c.inputFile === join(dir, 'node.gz'));
    expect(node?.cmd).toContain("gunzip -c > '/var/lib/paddock/agent/node.paddock-tmp'");
    expect(sent.find((c) => c.inputFile === join(dir, 'overlay-agent.mjs'))?.cmd).toContain('&& cat > ');
  });
});
