import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorySource } from './file-source.ts';
import { TftpServer } from './server.ts';

const run = promisify(execFile);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const have = async (cmd: string) => (await run('sh', ['-c', `command -v ${cmd}`]).catch(() => undefined)) !== undefined;
// Real clients from Debian: tftp-hpa (`tftp`, RFC 1350 only: no options, 512-byte blocks), atftp, curl.
const clients = { tftp: await have('tftp'), atftp: await have('atftp'), curl: await have('curl') };

describe.runIf(clients.tftp && clients.atftp && clients.curl)('TftpServer with Debian clients', () => {
  let dir: string;
  let root: string;
  let port: number;
  let server: TftpServer;
  const files = new Map<string, Buffer>();
  const completed: string[] = [];
  const failed: string[] = [];
  let n = 0;
  const out = () => join(dir, `out-${n++}`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paddock-tftp-'));
    root = join(dir, 'root');
    await mkdir(root);
    files.set('empty', Buffer.alloc(0));
    files.set('b512', randomBytes(512));
    files.set('b1468', randomBytes(1468));
    files.set('one-mib', randomBytes(1 << 20));
    // 65 536 blocks of 512 bytes and then some: the block number wraps past 65535.
    files.set('wrap', randomBytes(32 * 1024 * 1024 + 4096));
    for (const [name, data] of files) await writeFile(join(root, name), data);
    await writeFile(join(dir, 'secret'), 'do not serve');
    await symlink('../secret', join(root, 'escape'));
    // Loopback's MTU is 64 KiB, so 8192-byte blocks are honest here.
    server = new TftpServer({
      source: directorySource(root),
      address: '127.0.0.1',
      port: 0,
      limits: { maxBlksize: 8192, maxWindowsize: 64 },
    });
    server.on('complete', (e) => completed.push(e.filename));
    server.on('failed', (e) => failed.push(`${e.filename}: ${e.reason}`));
    ({ port } = await server.listen());
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const tftpHpa = (name: string, to: string) =>
    run('tftp', ['-m', 'binary', '127.0.0.1', String(port), '-c', 'get', name, to], { timeout: 20_000 });
  const atftp = (name: string, to: string, blksize: number, windowsize: number) =>
    run(
      'atftp',
      [
        '--option',
        `blksize ${blksize}`,
        '--option',
        `windowsize ${windowsize}`,
        '-g',
        '-r',
        name,
        '-l',
        to,
        '127.0.0.1',
        String(port),
      ],
      { timeout: 20_000 },
    );
  const curl = (name: string, to: string, blksize: number) =>
    run(
      'curl',
      ['-sS', '--path-as-is', `tftp://127.0.0.1:${port}/${name}`, '--tftp-blksize', String(blksize), '-o', to],
      { timeout: 20_000 },
    );

  it('serves every size to tftp-hpa unchanged', async () => {
    for (const name of ['empty', 'b512', 'b1468', 'one-mib']) {
      const to = out();
      await tftpHpa(name, to);
      expect(sha(await readFile(to)), name).toBe(sha(files.get(name)!));
    }
  });

  it('serves atftp at blksize 512/1468/8192 and windowsize 1/4/16', async () => {
    for (const blksize of [512, 1468, 8192]) {
      for (const windowsize of [1, 4, 16]) {
        for (const name of ['empty', 'b1468', 'one-mib']) {
          const to = out();
          await atftp(name, to, blksize, windowsize);
          expect(sha(await readFile(to)), `${name} ${blksize}/${windowsize}`).toBe(sha(files.get(name)!));
        }
      }
    }
  });

  it('serves curl at blksize 512/1468/8192, and clamps a too-large blksize', async () => {
    for (const blksize of [512, 1468, 8192, 16384]) {
      for (const name of ['b512', 'one-mib']) {
        const to = out();
        await curl(name, to, blksize);
        expect(sha(await readFile(to)), `${name} ${blksize}`).toBe(sha(files.get(name)!));
      }
    }
  });

  it('crosses the block-number wrap: 32 MiB + 4 KiB at 512-byte blocks', async () => {
    const to = out();
    await tftpHpa('wrap', to);
    expect(sha(await readFile(to))).toBe(sha(files.get('wrap')!));
  });

  it('refuses escapes with an ERROR and never serves outside the root', async () => {
    // curl's exit codes: 68 = TFTP file not found (ERROR 1), 69 = TFTP permission problem (ERROR 2).
    const attempts: [string, number][] = [
      ['../secret', 69],
      ['%2e%2e/secret', 69], // curl itself decodes this to ../secret
      ['%252e%252e/secret', 68], // sent as %2e%2e/secret, which the server must not decode
      ['escape', 69],
      ['/etc/passwd', 68],
    ];
    for (const [name, exitCode] of attempts) {
      const to = out();
      const code = await curl(name, to, 512).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
      expect(code, name).toBe(exitCode);
      const got = await readFile(to, 'utf8').catch(() => '');
      expect(got).not.toMatch(/do not serve|root:/);
    }
    // tftp-hpa prints the server's ERROR on stdout and exits 0.
    const hpa = await tftpHpa('../secret', out());
    expect(hpa.stdout).toMatch(/Error code 2: Access violation/);
  });

  it('refuses writes with ERROR 2 and reports each transfer in events and counters', async () => {
    await curl('one-mib', out(), 1468);
    await curl('escape', out(), 1468).catch(() => {});
    await writeFile(join(dir, 'up'), 'x');
    const put = await run('tftp', ['127.0.0.1', String(port), '-c', 'put', join(dir, 'up'), 'up']);
    expect(put.stdout).toMatch(/Error code 2: Read-only server/);
    expect(completed).toContain('one-mib');
    expect(failed).toContain('escape: Access violation (ERROR 2)');
    expect(server.counters.completed).toBe(completed.length);
    expect(server.counters.bytesSent).toBeGreaterThanOrEqual(1 << 20);
    expect(server.activeTransfers).toBe(0);
  });
});
