import type { EventLog } from './events/event-log.ts';
import type { Neighbours } from './neighbours.ts';
import type { BootNode } from './nodes/node-cache.ts';
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
  /**
   * What the inventory says of a machine (labels, its named boot rule); undefined when it does
   * not know the MAC or none is followed. Synchronous and in memory: asked for every DISCOVER.
   */
  nodeFor(mac: string): BootNode | undefined;
}
