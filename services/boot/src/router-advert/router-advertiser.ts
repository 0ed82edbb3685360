import { ETH_P_IPV6, interfaceInfo, openPacket, type PacketFrame, type PacketSocket, PacketType } from '@paddock/netio';
import type { ModuleContext } from '@paddock/runtime';
import { Counter } from 'prom-client';
import { ALL_ROUTERS_MAC, routerAdvertFrame } from './ndp.ts';
import { AnswerBudget, answerSolicitation } from './policy.ts';

export type AdvertTrigger = 'start' | 'periodic' | 'solicited';

export interface RouterAdvertiserOptions {
  /** The boot interface; nothing is ever sent anywhere else (the socket is bound to it). */
  interface: string;
  /** Unsolicited advertisements this often (RFC 4861 §6.2.1 allows 4 s to 1800 s). */
  intervalMs?: number;
  onAdvert?(trigger: AdvertTrigger): void;
  onDrop?(reason: string): void;
}

/**
 * The router advertisement shell: one AF_PACKET socket bound to the boot interface (IPv6 frames
 * only, the all-routers group joined), an advertisement at start and every interval, and each
 * router solicitation judged by answerSolicitation and answered at once.
 */
export class RouterAdvertiser {
  readonly #o: RouterAdvertiserOptions;
  #socket: PacketSocket | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #budget = new AnswerBudget();

  constructor(options: RouterAdvertiserOptions) {
    this.#o = options;
  }

  start(): void {
    const mac = interfaceInfo(this.#o.interface).mac;
    if (!mac) throw new Error(`interface ${this.#o.interface} has no MAC address: no router advertisements`);
    const socket = openPacket({ interface: this.#o.interface, protocol: ETH_P_IPV6, multicast: [ALL_ROUTERS_MAC] });
    this.#socket = socket;
    socket.on('message', (f) => this.#handle(f, mac));
    socket.on('error', (err) => this.#o.onDrop?.(`socket error: ${err.message}`));
    const unsolicited = routerAdvertFrame(mac);
    this.#send(unsolicited, 'start');
    this.#timer = setInterval(() => this.#send(unsolicited, 'periodic'), this.#o.intervalMs ?? 30_000);
    this.#timer.unref();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#socket?.close();
    this.#socket = undefined;
  }

  #handle(f: PacketFrame, mac: string): void {
    if (f.pkttype === PacketType.outgoing) return;
    const verdict = answerSolicitation(f.frame, mac, this.#budget, Date.now());
    if (verdict?.kind === 'drop') this.#o.onDrop?.(verdict.reason);
    else if (verdict) this.#send(verdict.frame, 'solicited');
  }

  #send(frame: Uint8Array, trigger: AdvertTrigger): void {
    try {
      if (this.#socket?.send(frame)) this.#o.onAdvert?.(trigger);
      else this.#o.onDrop?.('send queue full');
    } catch (err) {
      this.#o.onDrop?.(`send failed: ${(err as Error).message}`);
    }
  }
}

/** The boot module's part: an advertiser on the boot interface, counted in /metrics. */
export function startRouterAdverts(iface: string, ctx: ModuleContext): RouterAdvertiser {
  const sent = new Counter({
    name: 'paddock_boot_router_adverts_total',
    help: 'IPv6 router advertisements sent on the boot interface, by trigger',
    labelNames: ['trigger'] as const,
    registers: [ctx.metrics.registry],
  });
  const dropped = new Counter({
    name: 'paddock_boot_router_solicitations_dropped_total',
    help: 'router solicitations not answered (and advertisements not sent), by reason',
    labelNames: ['reason'] as const,
    registers: [ctx.metrics.registry],
  });
  const ra = new RouterAdvertiser({
    interface: iface,
    onAdvert: (trigger) => sent.inc({ trigger }),
    onDrop: (reason) => {
      dropped.inc({ reason: reason.replace(/\d+/g, 'N').slice(0, 80) });
      ctx.log.debug({ reason }, 'router advertisement drop');
    },
  });
  ra.start();
  ctx.log.info({ interface: iface }, 'answering IPv6 router solicitations (no prefix, not a default router)');
  return ra;
}
