import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildResult, buildNodeImage } from '@paddock/node-image';
import { PaddockError } from '@paddock/runtime';

/**
 * What the demo's machines (and the golden-path test's) boot: the node image (builders/
 * node-image): Debian's generic kernel with the common server NIC drivers and an initramfs
 * whose /init brings up every NIC, takes DHCP, starts an SSH server, phones home with its
 * architecture, then stays up running the power agent the metal provider talks to (busybox
 * httpd: POST /cgi-bin/poweroff or /cgi-bin/reboot). Built from Debian packages into the
 * git-ignored .cache/builders on first use, then taken from the build cache.
 */
export { AGENT_PORT, BOOTED_MARKER, PHONED_MARKER } from '@paddock/node-image';
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const BUILDERS_CACHE = join(REPO_ROOT, '.cache', 'builders');

/**
 * The iPXE script template (boot service syntax) that boots it, with the phone-home URL and
 * what the enrolment agent in the image needs: the machine's one-time token, its name, the
 * keys service's URL, the public key its HTTPS port presents (pinned: the agent enrols in one
 * call) and the CA's fingerprint.
 */
export const LINUX_SCRIPT = `#!ipxe
kernel {{#file}}linux/vmlinuz{{/file}} initrd=initrd.img console=ttyS0 quiet panic=-1 cryptomgr.notests paddock.phone={{phoneHomeUrl}} paddock.token={{enrol.token}} paddock.node={{enrol.node}} paddock.keys={{enrol.keysUrl}} paddock.pin={{enrol.keysPin}} paddock.ca={{enrol.caSha256}}
initrd --name initrd.img {{#file}}linux/initrd.img{{/file}}
boot
`;

/**
 * The image's enrolment hook: the keys service's shell agent (services/keys/agent), which at
 * boot takes its token and where to enrol from the kernel command line; `before` runs first.
 */
export function enrolScript(before = ''): string {
  const agent = readFileSync(join(REPO_ROOT, 'services', 'keys', 'agent', 'paddock-enrol.sh'), 'utf8');
  return agent.replace(/^#!.*\n/, `#!/bin/sh\n${before}${before && !before.endsWith('\n') ? '\n' : ''}`);
}

/** Builds the node image, or finds it in the build cache (Debian packages, into .cache/builders). */
export function ensureBootAssets(params: Record<string, unknown> = {}): BuildResult {
  try {
    return buildNodeImage({
      inputsDir: join(BUILDERS_CACHE, 'inputs'),
      cacheDir: join(BUILDERS_CACHE, 'artifacts'),
      params: { enrolScript: enrolScript(), ...params },
    });
  } catch (err) {
    throw new PaddockError('failedPrecondition', `cannot build the machine's node image: ${(err as Error).message}`);
  }
}

const file = (r: BuildResult, name: string) => readFileSync(r.files.find((f) => f.name === name)!.path);

export function kernel(params: Record<string, unknown> = {}): Uint8Array {
  return file(ensureBootAssets(params), 'vmlinuz');
}

export function initramfs(params: Record<string, unknown> = {}): Uint8Array {
  return file(ensureBootAssets(params), 'initrd.img');
}
