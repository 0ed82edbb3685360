import { connect } from 'node:net';
import { decodeQmp, encodeQmp, LineSplitter } from './qmp-codec.ts';

/**
 * Runs one QMP command on a machine's socket: read the greeting, leave capabilities
 * negotiation, send the command, wait for its reply. `quit` may close the socket before its
 * reply arrives; for it, a close counts as done.
 */
export function qmpCommand(socketPath: string, execute: string, timeoutMs = 5000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    const lines = new LineSplitter();
    let settled = false;
    const finish = (err: Error | undefined, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(() => finish(new Error(`QMP ${execute}: no reply in ${timeoutMs} ms`)), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('error', (err) => finish(new Error(`QMP socket ${socketPath}: ${err.message}`)));
    sock.on('close', () =>
      execute === 'quit' ? finish(undefined) : finish(new Error(`QMP ${execute}: QEMU closed the socket`)),
    );
    sock.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) {
        const m = decodeQmp(line);
        if (m.kind === 'greeting') sock.write(encodeQmp('qmp_capabilities', 'caps'));
        else if (m.kind === 'return' && m.id === 'caps') sock.write(encodeQmp(execute, 'cmd'));
        else if (m.kind === 'return' && m.id === 'cmd') finish(undefined, m.value);
        else if (m.kind === 'error') finish(new Error(`QMP ${execute}: ${m.errorClass}: ${m.desc}`));
      }
    });
  });
}
