import type { BootClient } from '../boot-request.ts';
import type { NodesPart, ReachPart, RulesPart } from '../parts.ts';
import { clientFor } from '../provider.ts';
import { selectRule } from '../rules/match.ts';
import { fileUrl } from '../urls.ts';
import { escapeIpxe } from './escape.ts';
import { scriptInputs } from './inputs.ts';
import { renderTemplate } from './template.ts';

export interface RenderedScript {
  text: string;
  rule: string;
  script: string;
}

/**
 * The script iPXE gets when it fetches its script URL: rules are asked again as for an iPXE
 * client (the inventory's rule for the machine first), so a change made after the DHCP answer
 * applies at once. A file or URL rule becomes a
 * one-line chain; no rule, or an ignore rule, sends iPXE back to the firmware (`exit`).
 */
export function scriptForClient(deps: RulesPart & ReachPart, client: BootClient): RenderedScript {
  const { rule } = selectRule(deps.config.rules(), client);
  const a = rule?.action;
  const plain = (body: string, script = '') => ({ text: `#!ipxe\n${body}\n`, rule: rule?.name ?? '', script });
  if (!a || a.kind === 'ignore') return plain(`echo Paddock: not booting ${client.mac} from the network\nexit`);
  if (a.kind === 'file') return plain(`chain ${escapeIpxe(fileUrl(deps.urls, a.file))}`);
  if (a.kind === 'url') return plain(`chain ${escapeIpxe(a.url)}`);
  const template = deps.config.script(a.script);
  if (!template) return plain(`echo Paddock: script ${a.script} is missing\nexit`);
  const text = renderTemplate(template.body, scriptInputs(client, deps.urls, deps.tftpAddress, deps.enrolment));
  return { text, rule: rule.name, script: template.name };
}

export function scriptFor(
  deps: RulesPart & ReachPart & NodesPart,
  mac: string,
  arch: number,
  ip: string | undefined,
): RenderedScript {
  return scriptForClient(deps, clientFor(deps, { mac, arch, userClasses: ['iPXE'], ip }));
}
