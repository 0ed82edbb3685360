import { invalidArgument } from '@paddock/runtime';

/**
 * How a metal machine is reached: Wake-on-LAN for power-on (optionally with a SecureOn
 * password), and for off and reboot either its agent (an HTTP endpoint the booted system
 * runs) or SSH.
 */
export interface MetalOptions {
  wolPassword: string;
  /** e.g. http://10.0.0.20:9100: POST /poweroff and /reboot. Empty: none. */
  agentUrl: string;
  sshUser: string;
  /** Private key file for SSH; empty uses ssh's own defaults. */
  sshKey: string;
}

export const METAL_KEYS = ['wol_password', 'agent_url', 'ssh_user', 'ssh_key'] as const;
const USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const WOL_PASSWORD = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{2}([:-][0-9a-f]{2}){5})$/i;

export function parseMetalOptions(options: Record<string, string>): MetalOptions {
  const unknown = Object.keys(options).filter((k) => !(METAL_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw invalidArgument(`unknown metal option ${unknown[0]}; known: ${METAL_KEYS.join(', ')}`);
  const o: MetalOptions = {
    wolPassword: options['wol_password'] ?? '',
    agentUrl: (options['agent_url'] ?? '').replace(/\/+$/, ''),
    sshUser: options['ssh_user'] ?? '',
    sshKey: options['ssh_key'] ?? '',
  };
  if (o.wolPassword && !WOL_PASSWORD.test(o.wolPassword))
    throw invalidArgument(
      'metal option wol_password: a SecureOn password is 4 bytes (a.b.c.d) or 6 (aa:bb:cc:dd:ee:ff)',
    );
  if (o.agentUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(o.agentUrl))
    throw invalidArgument(`metal option agent_url: ${JSON.stringify(o.agentUrl)} is not an http(s) URL`);
  if (o.sshUser && !USER.test(o.sshUser))
    throw invalidArgument(`metal option ssh_user: ${JSON.stringify(o.sshUser)} is not a user name`);
  if (o.sshKey && !o.sshKey.startsWith('/')) throw invalidArgument('metal option ssh_key: give an absolute path');
  return o;
}

export function metalOptionsToRecord(o: MetalOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (o.wolPassword) out['wol_password'] = o.wolPassword;
  if (o.agentUrl) out['agent_url'] = o.agentUrl;
  if (o.sshUser) out['ssh_user'] = o.sshUser;
  if (o.sshKey) out['ssh_key'] = o.sshKey;
  return out;
}

/** The argv that powers a machine off or reboots it over SSH; never through a shell. */
export function sshArgv(o: MetalOptions, ip: string, action: 'off' | 'reboot'): string[] {
  return [
    'ssh',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=5',
    '-o',
    'StrictHostKeyChecking=accept-new',
    ...(o.sshKey ? ['-i', o.sshKey] : []),
    `${o.sshUser}@${ip}`,
    action === 'off' ? 'poweroff' : 'reboot',
  ];
}
