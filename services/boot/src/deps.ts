import type { EventLog } from './events/event-log.ts';
import type { Neighbours } from './neighbours.ts';
import type { ConfigStore } from './store/config-store.ts';
import type { FileStore } from './store/file-store.ts';
import type { BootUrls } from './urls.ts';

/** What the boot service's parts share: stores, the event log, and how machines reach us. */
export interface BootDeps {
  files: FileStore;
  config: ConfigStore;
  events: EventLog;
  neighbours: Neighbours;
  urls: BootUrls;
  /** The TFTP server's address as machines reach it (next-server, siaddr). */
  tftpAddress: string;
  /** Inventory labels of a machine; none until the inventory service provides them. */
  labelsFor(mac: string): Record<string, string>;
}
