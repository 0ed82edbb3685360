/** Vendor look-ups in their API form. */
import type { Vendor } from '@paddock/proto/scanner/v1/scanner.ts';
import type { VendorInfo } from '../vendors/vendor-db.ts';

export function toVendor(v: VendorInfo): Vendor {
  return {
    organization: v.organization,
    registry: v.registry,
    prefix: v.prefix,
    locallyAdministered: v.locallyAdministered,
    multicast: v.multicast,
    note: v.note,
  };
}

/** "Intel Corporate", "QEMU/KVM virtual NIC (locally administered)", or "" when unknown. */
export function vendorLabel(v: Vendor | undefined): string {
  if (!v) return '';
  if (v.organization) return v.organization;
  return v.note;
}
