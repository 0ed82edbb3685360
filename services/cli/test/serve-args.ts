import { join } from 'node:path';

/** The CLI entry the tests run, as a user would. */
export const BIN = join(import.meta.dirname, '..', 'bin', 'paddock.js');

/** A serve command's arguments for a throwaway server: loopback ports the kernel picks, no TLS. */
export function loopbackServe(argv: string[], dataDir: string): string[] {
  return [...argv, '--insecure', '--data-dir', dataDir, '--grpc-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'];
}
