import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A k3s air-gap bundle on the admin's machine: the release's binary and its images tarballs. */
export interface K3sBundle {
  binary: string;
  images: string[];
}

/** Release asset names (github.com/k3s-io/k3s/releases): k3s-airgap-images-ARCH.tar[.gz|.zst]. */
const IMAGES = /^k3s-airgap-images-[a-z0-9]+\.tar(\.(gz|zst))?$/;

/** Finds the binary (`k3s`) and the images tarballs in a bundle dir; names what is missing. */
export function readBundle(dir: string): K3sBundle {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new Error(`--bundle ${dir}: ${(err as Error).message}`);
  }
  const binary = join(dir, 'k3s');
  if (!names.includes('k3s') || !statSync(binary).isFile())
    throw new Error(`--bundle ${dir}: no k3s binary (a file named k3s, from the k3s release)`);
  const images = names
    .filter((n) => IMAGES.test(n))
    .sort()
    .map((n) => join(dir, n));
  if (images.length === 0)
    throw new Error(`--bundle ${dir}: no images tarball (k3s-airgap-images-ARCH.tar.zst, from the k3s release)`);
  return { binary, images };
}
