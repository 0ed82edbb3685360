/**
 * For install-run.sh: writes the node image the demo and the golden-path test boot (kernel,
 * initramfs, the iPXE script that boots them, and the boot rule naming it) into a directory,
 * so the packaged CLI inside the container can upload them. Built from Debian packages into
 * .cache/builders on first use, from the cache after that.
 *   node test/package/show-image.ts DIR
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initramfs, kernel, LINUX_SCRIPT } from '../../services/cli/src/demo/machine-image.ts';
import { RULE_NAME, SCRIPT_NAME } from '../../services/cli/src/demo/machine-setup.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: show-image.ts DIR');
writeFileSync(join(dir, 'vmlinuz'), kernel());
writeFileSync(join(dir, 'initrd.img'), initramfs());
writeFileSync(join(dir, 'script.ipxe'), LINUX_SCRIPT);
writeFileSync(
  join(dir, 'rule.json'),
  JSON.stringify({
    name: RULE_NAME,
    priority: 10,
    match: { ipxe: 'yes' },
    action: { kind: 'script', script: SCRIPT_NAME },
  }),
);
writeFileSync(join(dir, 'names'), `${SCRIPT_NAME} ${RULE_NAME}\n`);
