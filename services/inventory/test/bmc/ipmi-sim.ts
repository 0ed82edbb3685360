import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Host, LabProcess, run } from '@paddock/lab';

export interface IpmiSimOptions {
  /** Started by the chassis hook on power on (in the background), stopped on power off. */
  startCmd?: string;
  /** Run in this lab host, listening on `address` port 623, instead of on loopback. */
  host?: Host;
  address?: string;
}

/**
 * OpenIPMI's ipmi_sim as the BMC of a simulated chassis, on loopback or in a lab host. Its
 * chassis_control hook is a shell script that keeps the power state and boot device in files
 * (and, when `startCmd` is given, starts/stops a process as the machine), so a test reads what
 * the "machine" saw.
 */
export class IpmiSim {
  readonly dir: string;
  readonly address: string;
  readonly port: number;
  readonly username = 'admin';
  readonly password = 'paddock-bmc-secret';
  readonly #host: Host | undefined;
  #proc: LabProcess | undefined;

  private constructor(dir: string, address: string, port: number, host: Host | undefined) {
    this.dir = dir;
    this.address = address;
    this.port = port;
    this.#host = host;
  }

  static async start(opts: IpmiSimOptions = {}): Promise<IpmiSim> {
    const dir = mkdtempSync(join(tmpdir(), 'paddock-ipmi-sim-'));
    const sim = opts.host
      ? new IpmiSim(dir, opts.address ?? '', 623, opts.host)
      : new IpmiSim(dir, '127.0.0.1', await freeUdpPort(), undefined);
    sim.#write(opts.startCmd);
    await sim.restart();
    return sim;
  }

  /** (Re)starts the simulator: every session it had is gone, as after a BMC reset. */
  async restart(): Promise<void> {
    await this.#proc?.kill();
    const argv = [
      'ipmi_sim',
      '-c',
      join(this.dir, 'lan.conf'),
      '-f',
      join(this.dir, 'sim.emu'),
      '-s',
      join(this.dir, 'state'),
      '-n',
    ];
    this.#proc = this.#host ? this.#host.spawn(argv) : new LabProcess(argv);
    // ipmi_sim prints nothing when ready: wait until ipmitool gets an answer.
    for (let i = 0; i < 50; i++) {
      const r = await this.ipmitool(['-N', '1', '-R', '1', 'chassis', 'power', 'status']);
      if (r.code === 0) return;
      if (this.#proc.exitCode !== undefined) throw new Error(`ipmi_sim exited: ${this.#proc.output()}`);
    }
    throw new Error(`ipmi_sim did not answer on port ${this.port}`);
  }

  /** ipmitool -I lanplus with cipher suite 3 against this simulator (from its own host). */
  ipmitool(args: string[], password = this.password) {
    const base = [
      '-I',
      'lanplus',
      '-H',
      this.address,
      '-p',
      String(this.port),
      '-U',
      this.username,
      '-P',
      password,
      '-C',
      '3',
    ];
    const argv = ['ipmitool', ...base, ...args];
    return run(this.#host ? this.#host.wrap(argv) : argv, { timeoutMs: 20_000 });
  }

  /** What the chassis hook recorded: "1"/"0" power and the boot device asked for. */
  power(): string {
    return read(join(this.dir, 'power')) || '0';
  }

  boot(): string {
    return read(join(this.dir, 'boot')) || 'default';
  }

  hookLog(): string[] {
    return read(join(this.dir, 'hook.log')).split('\n').filter(Boolean);
  }

  /** The pid of the machine the hook started, while it runs. */
  machinePid(): number | undefined {
    const pid = Number(read(join(this.dir, 'machine.pid')));
    if (!pid) return undefined;
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    await this.#proc?.kill();
    const pid = this.machinePid();
    if (pid) process.kill(pid, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  #write(startCmd: string | undefined): void {
    const d = this.dir;
    writeFileSync(join(d, 'hook.sh'), hookScript(d, startCmd));
    chmodSync(join(d, 'hook.sh'), 0o755);
    writeFileSync(
      join(d, 'sim.emu'),
      'mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\nmc_enable 0x20\n',
    );
    const auths = 'none md2 md5 straight';
    writeFileSync(
      join(d, 'lan.conf'),
      [
        'name "paddock"',
        'set_working_mc 0x20',
        'startlan 1',
        `  addr ${this.address} ${this.port}`,
        '  priv_limit admin',
        ...['callback', 'user', 'operator', 'admin'].map((p) => `  allowed_auths_${p} ${auths}`),
        '  guid a123456789abcdefa123456789abcdef',
        'endlan',
        `chassis_control "${join(d, 'hook.sh')} 0x20"`,
        `user 2 true "${this.username}" "${this.password}" admin 10 ${auths}`,
        '',
      ].join('\n'),
    );
    mkdirSync(join(d, 'state'));
  }
}

/**
 * ipmi_sim's chassis_control protocol (OpenIPMI lanserv/ipmi_sim_chassiscontrol): `DEV get
 * PARM…` prints `PARM:VALUE` lines, `DEV set PARM VALUE…` changes them.
 */
function hookScript(d: string, startCmd: string | undefined): string {
  // The machine's output must not hold the hook's stdout open: ipmi_sim reads it to the end.
  const on = startCmd ? `${startCmd} </dev/null >${d}/machine.log 2>&1 & echo $! > ${d}/machine.pid` : ':';
  const off = `[ -f ${d}/machine.pid ] && kill $(cat ${d}/machine.pid) 2>/dev/null; rm -f ${d}/machine.pid`;
  return `#!/bin/sh
echo "$@" >> ${d}/hook.log
dev=$1; op=$2; shift 2
case $op in
get) for p in "$@"; do case $p in
  power) echo "power:$(cat ${d}/power 2>/dev/null || echo 0)";;
  boot) echo "boot:$(cat ${d}/boot 2>/dev/null || echo default)";;
  esac; done;;
set) while [ $# -gt 1 ]; do case $1 in
  power) echo $2 > ${d}/power; if [ "$2" = 1 ]; then ${on}; else ${off}; fi;;
  boot) echo $2 > ${d}/boot;;
  esac; shift 2; done;;
esac
`;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** A port free on loopback for UDP (probed through TCP's allocator, then used for UDP). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}
