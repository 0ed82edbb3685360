import { describe, expect, it } from 'vitest';
import { LabProcess } from './lab-process.ts';

const node = (script: string) => new LabProcess([process.execPath, '-e', script]);

describe('LabProcess', () => {
  it('waits for output from stdout and stderr', async () => {
    const p = node(
      'console.log("starting"); setTimeout(() => console.error("ready on 42"), 50); setTimeout(() => {}, 5000)',
    );
    const m = await p.waitForOutput(/ready on (\d+)/);
    expect(m[1]).toBe('42');
    expect(p.output()).toContain('starting');
    expect(p.pid).toBeGreaterThan(0);
    expect(await p.kill()).toBe(143);
    expect(p.exitCode).toBe(143);
  });

  it('rejects when the process exits before the output appears', async () => {
    const p = node('console.log("bye"); process.exit(4)');
    await expect(p.waitForOutput(/never/)).rejects.toThrow(/exited with 4 before.*\n.*bye/s);
    expect(await p.exited).toBe(4);
  });

  it('rejects on timeout and escalates to SIGKILL for processes ignoring SIGTERM', async () => {
    const p = node('process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)');
    await p.waitForOutput(/up/);
    await expect(p.waitForOutput(/never/, 50)).rejects.toThrow(/timed out after 50 ms/);
    expect(await p.kill('SIGTERM', 100)).toBe(137);
  });

  it('accepts stdin and reports a missing program as 127', async () => {
    const p = node('process.stdin.on("data", (d) => { console.log("got " + d); process.exit(0) })');
    p.stdin?.write('ping');
    await p.waitForOutput(/got ping/);
    expect(await p.exited).toBe(0);
    const missing = new LabProcess(['/nonexistent/pdk-binary']);
    expect(await missing.exited).toBe(127);
    expect(missing.output()).toMatch(/ENOENT/);
  });
});
