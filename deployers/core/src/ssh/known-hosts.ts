import type { Target } from '../engine/types.ts';

/**
 * The known_hosts file a deployment writes: the keys service's SSH host CA as a @cert-authority
 * line for exactly the targets (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT": a non-default port is
 * matched as `[host]:port`), and its revoked host keys as @revoked lines. No plain host keys:
 * a host is trusted only by a certificate our CA signed, never on first use.
 */
export function knownHostsFile(
  hostCaLine: string,
  targets: readonly Target[],
  revoked: readonly string[] = [],
): string {
  const ca = hostCaLine.trim();
  if (!/^(ssh-ed25519|ecdsa-sha2-nistp\d+|ssh-rsa) [A-Za-z0-9+/=]+( .*)?$/.test(ca)) {
    throw new Error(`not an SSH public key line for the host CA: ${JSON.stringify(ca.slice(0, 40))}`);
  }
  const patterns = [...new Set(targets.map(hostPattern))];
  if (patterns.length === 0) throw new Error('no targets');
  const lines = [`@cert-authority ${patterns.join(',')} ${ca}`];
  for (const k of revoked) lines.push(`@revoked * ${k.trim()}`);
  return `${lines.join('\n')}\n`;
}

export function hostPattern(t: Target): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(t.address)) throw new Error(`${t.name}: not a host name or address: ${t.address}`);
  const port = t.port ?? 22;
  return port === 22 ? t.address : `[${t.address}]:${port}`;
}
