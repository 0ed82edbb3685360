import { WakeServiceDefinition } from '@paddock/proto/scanner/v1/wake.ts';
import { connect, createClient, ErrorKind, PaddockError } from '@paddock/runtime';

/**
 * Wake-on-LAN through the scanner's WakeService: the scanner owns the LAN interface and
 * follows the wake until the machine answers. Found like the feeds: an address, or the run
 * file of the server in the data dir that offers the service.
 */
export function scannerWaker(dataDir: string, server: string | undefined) {
  return async (mac: string, opts: { password: string; ip: string }): Promise<void> => {
    let c: ReturnType<typeof connect>;
    try {
      c = connect({ dataDir, server, service: WakeServiceDefinition.fullName });
    } catch (err) {
      throw new PaddockError('failedPrecondition', `cannot wake ${mac}: ${(err as Error).message}`);
    }
    const client = createClient(WakeServiceDefinition, c.address, c.credentials, c.options);
    try {
      await client.wake({ mac, password: opts.password, ip: opts.ip, timeoutMs: 0, port: 0 }, { deadlineMs: 10_000 });
    } catch (err) {
      // The scanner's own answer (no interface, bad password) is what the caller needs to read.
      const e = err as { code?: number; details?: string; message: string };
      const kind = (Object.entries(ErrorKind).find(([, code]) => code === e.code)?.[0] ?? 'unavailable') as ErrorKind;
      throw new PaddockError(kind, `cannot wake ${mac} through the scanner: ${e.details ?? e.message}`);
    } finally {
      client.close();
    }
  };
}
