import { request as httpRequest } from 'node:http';
import { failedPrecondition, invalidArgument } from '@paddock/runtime';
import type { Node, PowerAction, PowerState } from '../../model/node.ts';
import type { CreateSpec, Provider, Provisioned } from '../provider.ts';
import { runCommand } from '../run-command.ts';
import { metalOptionsToRecord, parseMetalOptions, sshArgv } from './metal-options.ts';

export interface MetalDeps {
  /** Sends Wake-on-LAN through the scanner (its WakeService); throws when it cannot. */
  wake(mac: string, opts: { password: string; ip: string }): Promise<void>;
  /** An HTTP POST to the machine's agent; default: Node's http client, lenient (see postLenient). */
  post?(url: string): Promise<{ status: number }>;
  /** Runs a command (SSH); default child_process. */
  run?(argv: string[]): Promise<unknown>;
}

/**
 * Physical machines: on by Wake-on-LAN through the scanner; off and reboot through the
 * machine's agent or SSH. Paddock cannot see a metal machine's power by itself: the feeds do
 * (a scan, a lease, a phone-home), so `observe` has no opinion.
 */
export class MetalProvider implements Provider {
  readonly name = 'metal';
  /** A machine woken takes minutes to POST and boot: don't wake it again meanwhile. */
  readonly settleMs = 180_000;
  readonly #deps: MetalDeps;

  constructor(deps: MetalDeps) {
    this.#deps = deps;
  }

  async available() {
    return { ok: true, detail: 'Wake-on-LAN through the scanner; off and reboot through an agent or SSH' };
  }

  async create(spec: CreateSpec): Promise<Provisioned> {
    if (spec.macs.length === 0) throw invalidArgument('a metal node needs the MAC of at least one NIC');
    return { macs: spec.macs, options: metalOptionsToRecord(parseMetalOptions(spec.options)) };
  }

  async destroy(): Promise<void> {
    // Nothing was made: the machine stays where it is.
  }

  async power(node: Node, action: PowerAction): Promise<void> {
    const o = parseMetalOptions(node.provider.options);
    const ip = node.addresses[0]?.ip ?? '';
    if (action === 'on') {
      const mac = node.nics[0]?.mac;
      if (!mac) throw failedPrecondition(`node ${node.name} has no NIC to wake`);
      return this.#deps.wake(mac, { password: o.wolPassword, ip });
    }
    if (o.agentUrl) {
      const url = `${o.agentUrl}/${action === 'off' ? 'poweroff' : 'reboot'}`;
      const post = this.#deps.post ?? postLenient;
      const res = await post(url).catch((err: Error) => {
        throw failedPrecondition(`node ${node.name}: its agent at ${url} did not answer (${err.message})`);
      });
      if (res.status >= 300)
        throw failedPrecondition(`node ${node.name}: its agent at ${url} answered HTTP ${res.status}`);
      return;
    }
    if (o.sshUser) {
      if (!ip) throw failedPrecondition(`node ${node.name} has no known address to reach over SSH`);
      await (this.#deps.run ?? runCommand)(sshArgv(o, ip, action)).catch((err: Error) => {
        // The connection drops as the machine goes down: that is success, not failure.
        if (/closed by remote host|Connection to .* closed/.test(err.message)) return;
        throw failedPrecondition(`node ${node.name}: SSH ${o.sshUser}@${ip} failed: ${err.message}`);
      });
      return;
    }
    throw failedPrecondition(
      `node ${node.name} cannot be powered ${action} remotely: give it the option agent_url or ssh_user`,
    );
  }

  async observe(): Promise<PowerState | undefined> {
    return undefined;
  }
}

/**
 * POST with Node's http client in lenient mode: agents are often shell CGI scripts (busybox
 * httpd) that end header lines with a bare LF, which fetch's strict parser refuses.
 */
function postLenient(url: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', insecureHTTPParser: true, timeout: 10_000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
    req.end();
  });
}
