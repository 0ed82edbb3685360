import type { LinkReport } from '@paddock/proto/overlay/v1/overlay.ts';
import { describeGrpcError } from '@paddock/runtime';
import type { ObservedPeer } from '../plan/observed.ts';
import type { Shell } from './apply.ts';
import type { OverlayClient } from './control-client.ts';
import type { TopologyMirror } from './mirror.ts';
import type { Prober } from './prober.ts';
import { parseWgDump } from './wg-dump.ts';

/** A full report at least this often, and at once when a path goes up or down. */
const REPORT_MS = 5000;
/** How often the endpoints WireGuard sees are read. */
const SEEN_MS = 2000;

export interface ReporterOptions {
  client: OverlayClient;
  network: string;
  prober: Prober;
  /** The WireGuard device, whose peers' endpoints show where their packets come from. */
  wg: string;
  shell: Shell;
  log(l: Record<string, unknown>): void;
}

/** WireGuard forgets a session after 180 s (REJECT_AFTER_TIME); a handshake older than that says nothing now. */
const HANDSHAKE_FRESH_S = 180;

/**
 * Where a peer's packets come from: the endpoint WireGuard shows, only after a recent handshake
 * (before one it shows the endpoint it was given, which says nothing about the peer's NAT).
 */
const seenAt = (p: ObservedPeer): string =>
  p.endpoint && p.handshakeAt && Date.now() / 1000 - p.handshakeAt < HANDSHAKE_FRESH_S ? p.endpoint : '';

/** Sends the probes' verdicts: at once when a path went up or down or a peer's endpoint moved, else every few seconds. */
export class Reporter {
  #last = '';
  #sentAt = 0;
  #sending = false;
  #seen = new Map<string, string>();
  #seenAt = 0;
  readonly #o: ReporterOptions;

  constructor(o: ReporterOptions) {
    this.#o = o;
  }

  async maybeSend(mirror: TopologyMirror): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      // Reading WireGuard costs a process; the endpoints it shows move rarely (NAT, roaming).
      if (Date.now() - this.#seenAt > SEEN_MS) {
        const dump = await this.#o.shell.exec(['wg', 'show', this.#o.wg, 'dump']);
        this.#seen = new Map((dump ? parseWgDump(dump).peers : []).map((p) => [p.publicKey, seenAt(p)]));
        this.#seenAt = Date.now();
      }
      const seen = this.#seen;
      const links: LinkReport[] = [];
      for (const m of mirror.members(this.#o.network)) {
        const r = this.#o.prober.window(m.name)?.report(m.name, seen.get(m.publicKey) ?? '');
        if (r) links.push(r);
      }
      const shape = JSON.stringify(links.map((l) => [l.to, l.up, l.seenEndpoint]));
      if (shape === this.#last && Date.now() - this.#sentAt < REPORT_MS) return;
      await this.#o.client.reportLinks({ network: this.#o.network, links, node: '' });
      this.#last = shape;
      this.#sentAt = Date.now();
    } catch (err) {
      this.#o.log({ event: 'report-failed', error: describeGrpcError(err) });
    } finally {
      this.#sending = false;
    }
  }
}
