import type { BootAnswerProvider } from '@paddock/netboot';
import { type Decision, decide } from './answer.ts';
import { type BootClient, type BootRequest, describeClient } from './boot-request.ts';
import type { EventKind, NewEvent } from './events/event-log.ts';
import type { RepeatFilter } from './events/repeat-filter.ts';
import type { EventsPart, NeighboursPart, NodesPart, ReachPart, RulesPart } from './parts.ts';
import { inventoryNote } from './rules/match.ts';

/** What deciding and recording an answer reads. */
export type Answering = NodesPart & RulesPart & ReachPart & EventsPart & NeighboursPart;

/** A request's facts, with the inventory's labels and boot rule unless the caller gave them. */
export function clientFor(deps: NodesPart, request: BootRequest): BootClient {
  const node = deps.nodeFor(request.mac.toLowerCase());
  return describeClient({
    ...request,
    labels: request.labels ?? node?.labels,
    bootRule: request.bootRule ?? node?.bootRule,
  });
}

/** Decides for a request and records the answer as a boot event of `kind`. */
export function answerAndRecord(
  deps: Answering,
  request: BootRequest,
  kind: EventKind,
  repeats?: RepeatFilter,
): Decision {
  const client = clientFor(deps, request);
  const decision = decide(deps.config.rules(), client, { urls: deps.urls, tftpAddress: deps.tftpAddress });
  if (client.ip) deps.neighbours.learn(client.ip, client.mac);
  const a = decision.answer;
  const note = inventoryNote(decision, client.bootRule);
  const event: NewEvent = {
    kind,
    mac: client.mac,
    ip: client.ip ?? '',
    rule: decision.rule?.name ?? '',
    file: !a ? '' : a.kind === 'tftp' ? a.bootFile : new URL(a.httpUrl).pathname,
    detail: `${client.arch}${client.ipxe ? ' iPXE' : ''}${a ? '' : decision.rule ? ', ignored by rule' : ', no rule matched'}${note ? `, ${note}` : ''}`,
  };
  if (!repeats?.repeats(event, Date.now())) deps.events.record(event);
  return decision;
}

/**
 * The rules as the DHCP service asks them (synchronous and disk-free: rules are cached). With
 * `repeats`, the second identical answer of one exchange (OFFER, then ACK) is not recorded.
 */
export function bootAnswerProvider(deps: Answering, repeats?: RepeatFilter): BootAnswerProvider {
  return { bootAnswer: (request) => answerAndRecord(deps, request, 'dhcp-answer', repeats).answer };
}
