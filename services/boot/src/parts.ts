/**
 * What the boot service's parts need from each other, as narrow interfaces: each function asks
 * for the few it reads (`RulesPart & ReachPart`), so a test gives just those, and a change to one
 * part shows which others depend on it. module.ts assembles them once.
 */
import type { EventLog } from './events/event-log.ts';
import type { Neighbours } from './neighbours.ts';
import type { BootNode } from './nodes/node-cache.ts';
import type { ConfigStore } from './store/config-store.ts';
import type { FileStore } from './store/file-store.ts';
import type { BootUrls } from './urls.ts';

/** The boot files (store and disk). */
export interface FilesPart {
  files: FileStore;
}

/** Boot rules and iPXE script templates. */
export interface RulesPart {
  config: ConfigStore;
}

/** How machines reach this server: signed URLs on the boot HTTP port, the TFTP address (next-server, siaddr). */
export interface ReachPart {
  urls: BootUrls;
  tftpAddress: string;
}

/** The boot timeline. */
export interface EventsPart {
  events: EventLog;
}

/** IP → MAC as machines were seen (boot HTTP and TFTP requests carry only an address). */
export interface NeighboursPart {
  neighbours: Neighbours;
}

/** What the inventory says of a machine (labels, its named boot rule). */
export interface NodesPart {
  /** Undefined when it does not know the MAC or none is followed. In memory: asked for every DISCOVER. */
  nodeFor(mac: string): BootNode | undefined;
}
