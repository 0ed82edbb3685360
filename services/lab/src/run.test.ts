import { describe, expect, it } from 'vitest';
import { CommandError, exitCode, run, runOk, runSync } from './run.ts';

describe('run', () => {
  it('collects stdout, stderr and the exit code without a shell', async () => {
    const script = 'process.stdout.write(process.argv[1]); process.stderr.write("e"); process.exit(3)';
    const r = await run([process.execPath, '-e', script, '$(echo no) ; x']);
    expect(r).toEqual({ code: 3, stdout: '$(echo no) ; x', stderr: 'e' });
  });

  it('feeds input and passes extra environment', async () => {
    const script = 'process.stdin.on("data", (d) => process.stdout.write(d + process.env.PDK_RUN_TEST))';
    const r = await runOk([process.execPath, '-e', script], { input: 'hi-', env: { PDK_RUN_TEST: 'ok' } });
    expect(r.stdout).toBe('hi-ok');
  });

  it('runOk throws with the stderr a person needs', async () => {
    const err = await runOk([process.execPath, '-e', 'console.error("boom"); process.exit(2)']).catch((e) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err.message).toMatch(/exited with 2: boom/);
    expect(err.result.code).toBe(2);
  });

  it('kills on timeout and reports 128 + signal', async () => {
    const r = await run([process.execPath, '-e', 'setTimeout(() => {}, 10000)'], { timeoutMs: 100 });
    expect(r.code).toBe(137);
    expect(exitCode(null, 'SIGTERM')).toBe(143);
  });

  it('rejects a missing program, runs synchronously too', async () => {
    await expect(run(['/nonexistent/pdk-binary'])).rejects.toThrow(/ENOENT/);
    expect(runSync([process.execPath, '-e', 'console.log(7)']).stdout.trim()).toBe('7');
    expect(runSync(['/nonexistent/pdk-binary']).code).not.toBe(0);
  });
});
