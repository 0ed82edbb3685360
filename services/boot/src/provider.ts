import type { BootAnswerProvider } from '@paddock/netboot';
import { type Decision, decide } from './answer.ts';
import { type BootClient, type BootRequest, describeClient } from './boot-request.ts';
import type { BootDeps } from './deps.ts';
import type { EventKind } from './events/event-log.ts';
import { inventoryNote } from './rules/match.ts';

/** A request's facts, with the inventory's labels and boot rule unless the caller gave them. */
export function clientFor(deps: BootDeps, request: BootRequest): BootClient {
  const node = deps.nodeFor(request.mac.toLowerCase());
  return describeClient({
    ...request,
    labels: request.labels ?? node?.labels,
    bootRule: request.bootRule ?? node?.bootRule,
  });
}

/** Decides for a request and records the answer as a boot event of `kind`. */
export function answerAndRecord(deps: BootDeps, request: BootRequest, kind: EventKind): Decision {
  const client = clientFor(deps, request);
  const decision = decide(deps.config.rules(), client, { urls: deps.urls, tftpAddress: deps.tftpAddress });
  if (client.ip) deps.neighbours.learn(client.ip, client.mac);
  const a = decision.answer;
  const note = inventoryNote(decision, client.bootRule);
  deps.events.record({
    kind,
    mac: client.mac,
    ip: client.ip ?? '',
    rule: decision.rule?.name ?? '',
    file: !a ? '' : a.kind === 'tftp' ? a.bootFile : new URL(a.httpUrl).pathname,
    detail: `${client.arch}${client.ipxe ? ' iPXE' : ''}${a ? '' : decision.rule ? ', ignored by rule' : ', no rule matched'}${note ? `, ${note}` : ''}`,
  });
  return decision;
}

/** The rules as the DHCP service asks them (synchronous and disk-free: rules are cached). */
export function bootAnswerProvider(deps: BootDeps): BootAnswerProvider {
  return { bootAnswer: (request) => answerAndRecord(deps, request, 'dhcp-answer').answer };
}
