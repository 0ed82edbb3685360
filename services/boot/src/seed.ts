import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@paddock/runtime';
import type { FileStore } from './store/file-store.ts';

/**
 * iPXE builds from Debian's `ipxe` package that the default rules name: undionly.kpxe (BIOS,
 * chainloads through the PXE ROM's UNDI driver), ipxe.efi (x86-64 UEFI, its own drivers) and
 * snponly.efi (UEFI through the firmware's SNP driver, for NICs iPXE has no driver for).
 */
export const IPXE_FILES = ['undionly.kpxe', 'ipxe.efi', 'snponly.efi'];

/** Copies the iPXE binaries into the store at first start; files already stored are kept. */
export async function seedIpxe(files: FileStore, dir: string, log: Logger): Promise<void> {
  const missing: string[] = [];
  for (const name of IPXE_FILES) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      if (!files.get(name)) missing.push(name);
      continue;
    }
    await files.importFile(name, path);
  }
  if (missing.length > 0) {
    log.warn(
      { dir, missing },
      'iPXE binaries not found: install Debian package ipxe, or upload them with `paddock boot files upload`',
    );
  }
}
