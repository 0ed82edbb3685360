import type { BootRequest } from './request.ts';

/**
 * How a machine is told to boot. `tftp`: siaddr = nextServer (default: the answering server)
 * and the file field and option 67 = bootFile, with option 66 = serverName when set. `http`:
 * the file field and option 67 = httpUrl (UEFI HTTP boot, or iPXE fetching a script). Option 60
 * in the reply says vendorClass; by default "HTTPClient" to HTTP boot firmware, else "PXEClient".
 */
export type BootAnswer =
  | {
      kind: 'tftp';
      bootFile: string;
      nextServer?: string | undefined;
      serverName?: string | undefined;
      vendorClass?: VendorClassAnswer;
    }
  | { kind: 'http'; httpUrl: string; vendorClass?: VendorClassAnswer };

export type VendorClassAnswer = 'PXEClient' | 'HTTPClient';

/**
 * What the DHCP service asks to learn how a machine boots (the boot service's rules, given by
 * `paddock up`), so the rules live in one place. Synchronous and disk-free: called per DISCOVER.
 */
export interface BootAnswerProvider {
  bootAnswer(request: BootRequest): BootAnswer | undefined;
}
