/** Why ssh itself failed (exit 255), in words a person can act on. Pure: reads ssh's stderr. */
export type SshFailure = 'host-key' | 'auth' | 'unreachable' | 'lost';

export class SshError extends Error {
  readonly kind: SshFailure;
  constructor(kind: SshFailure, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'SshError';
  }
}

const RULES: [RegExp, SshFailure, string][] = [
  [
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|revoked key|No .* host key is known|host key for .* not/i,
    'host-key',
    'host key refused: not certified by the Paddock SSH host CA for this address (no command was run)',
  ],
  [
    /Permission denied|Too many authentication failures|certificate .* (expired|invalid)/i,
    'auth',
    "login refused: the host does not accept the deployment's user certificate",
  ],
  // A mux session cut short is reported first: ssh then falls back to a fresh connection that may fail too.
  [
    /Broken pipe|Timeout, server .* not responding|Connection reset|closed by remote host|client_loop|mux_client/i,
    'lost',
    'connection lost mid-step',
  ],
  [
    /Connection refused|timed out|No route to host|Network is unreachable|Could not resolve|Connection closed by .* port|kex_exchange_identification/i,
    'unreachable',
    'unreachable',
  ],
];

/**
 * Classifies an exit 255, which is always ssh's own: the transport maps a remote command's 255
 * to 254. A multiplexed session whose master died says nothing at all: the connection is lost.
 */
export function classifySsh(stderr: string): SshError {
  for (const [re, kind, text] of RULES) {
    if (re.test(stderr)) return new SshError(kind, `${text}: ${lastLine(stderr)}`);
  }
  return new SshError('lost', `connection lost mid-step${stderr.trim() ? `: ${lastLine(stderr)}` : ''}`);
}

function lastLine(s: string): string {
  return s.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 200) ?? '';
}
