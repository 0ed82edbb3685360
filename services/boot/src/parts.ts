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
  /** What a machine needs to enrol with the keys service (its one-time token), when it has one. */
  enrolment?: (mac: string, serverAddress: string) => NodeEnrolment | undefined;
}

/** A machine's way to its identity: the token, the keys service's HTTPS URL, the CA's fingerprint. */
export interface NodeEnrolment {
  token: string;
  /** The name the token is bound to (the inventory's), which the machine's certificate request must carry. */
  node: string;
  keysUrl: string;
  /** SHA-256 (hex) of the CA bundle the keys service serves at /keys/v1/ca.pem. */
  caSha256: string;
  /**
   * SHA-256 (base64) of the public key the keys service's HTTPS port presents at keysUrl (curl's
   * --pinnedpubkey), with which a machine trusts that port at once and enrols in one call.
   */
  keysPin: string;
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
