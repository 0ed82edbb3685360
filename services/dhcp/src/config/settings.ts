import { z } from 'zod';

/**
 * Server-wide settings, fixed for the life of the process (subnets and reservations are live
 * and live elsewhere). Every default is here.
 */
export const settingsSchema = z.strictObject({
  /** RFC 2131 §4.3.1 leaves how long an offered address is held to the server; 60 s covers slow ROMs. */
  offerSeconds: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long an address a client declined (RFC 2131 §4.3.3) or a probe found in use stays out of use. */
  declineSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(600),
  /**
   * RFC 2131 §4.3.2 INIT-REBOOT and renewals of unknown leases: true answers them (ACK if the
   * address is free for this client, NAK if not), as Kea does; false stays silent, as the RFC
   * asks of a server that is not the network's only one.
   */
  authoritative: z.union([z.boolean(), z.stringbool()]).default(true),
  conflictDetection: z
    .strictObject({
      enabled: z.union([z.boolean(), z.stringbool()]).default(true),
      /** How long to wait for an echo reply; the probe never delays an answer, see prober.ts. */
      timeoutMs: z.coerce.number().int().min(10).max(5000).default(500),
      /** Free addresses kept probed ahead per pool. */
      ahead: z.coerce.number().int().min(0).max(64).default(4),
      /** A clear probe result is trusted this long. */
      validSeconds: z.coerce.number().int().min(1).max(3600).default(60),
      /** Probes in flight at most; beyond, a new address is offered unprobed (and counted). */
      maxInFlight: z.coerce.number().int().min(1).max(65_536).default(32),
      /**
       * Probes started per second at most. Every probe of an empty address makes the kernel
       * broadcast ARP requests and hold a neighbour entry; a flood of new clients must not turn
       * into an ARP storm that evicts the entries replies need (relays, renewing clients).
       */
      perSecond: z.coerce.number().int().min(1).max(100_000).default(50),
      /**
       * The longest a REQUEST waits for a probe of its address still out (burst case only). A
       * host on the link answers within milliseconds; past this, the ACK goes and a late
       * answer quarantines the address for the future (the client's own ARP check and
       * DECLINE, RFC 2131 §4.4.1, cover the rest).
       */
      waitMs: z.coerce.number().int().min(0).max(5000).default(50),
    })
    .default({ enabled: true, timeoutMs: 500, ahead: 4, validSeconds: 60, maxInFlight: 32, perSecond: 50, waitMs: 50 }),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
