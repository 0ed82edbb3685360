import type { DhcpMessage } from '@paddock/dhcp-codec';
import {
  bootAnswer,
  leaseTimes,
  type ReplyInput,
  type ReplyStep,
  relayEcho,
  requestOrder,
  reservationOptions,
  subnetOptions,
} from './reply-steps.ts';

/**
 * The option steps of an OFFER or ACK, in order, registered here and nowhere else: lease
 * times, the subnet's options, the reservation's (which win), the boot answer, the relay's
 * option 82 echoed, then the client's parameter request list filters and orders the lot
 * (82 stays where the list puts it, else last).
 */
export const LEASE_REPLY: readonly ReplyStep[] = [
  leaseTimes,
  subnetOptions,
  reservationOptions,
  bootAnswer,
  relayEcho,
  requestOrder,
];

/** RFC 2131 §4.3.5: an INFORM is answered with configuration only, no lease, no boot answer. */
export const INFORM_REPLY: readonly ReplyStep[] = [subnetOptions, reservationOptions, relayEcho, requestOrder];

/** Runs the steps over `base` (a reply with its fixed fields, 53 and 54). */
export function runReply(steps: readonly ReplyStep[], base: DhcpMessage, input: ReplyInput): DhcpMessage {
  let r = base;
  for (const step of steps) r = step.apply(r, input);
  return r;
}

/** Whether any step makes this exchange's reply its own (then its options are not shared). */
export function isPersonal(steps: readonly ReplyStep[], input: ReplyInput): boolean {
  for (const step of steps) if (step.personal?.(input.ex)) return true;
  return false;
}
