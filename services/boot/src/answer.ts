import type { BootAnswer as NetbootAnswer } from '@paddock/netboot';
import type { BootClient } from './boot-request.ts';
import { type Selection, selectRule } from './rules/match.ts';
import type { Rule } from './rules/rule.ts';
import { type BootUrls, fileUrl, scriptUrl } from './urls.ts';

/** A netboot answer (what the DHCP reply carries, see @paddock/netboot) and the rule that gave it. */
export type BootAnswer = NetbootAnswer & { rule: string };

export interface AnswerContext {
  urls: BootUrls;
  /** Address of the TFTP server as the machine reaches it (siaddr). */
  tftpAddress: string;
}

export interface Decision extends Selection {
  /** Undefined when no rule matched or the rule says to ignore the machine. */
  answer: BootAnswer | undefined;
}

function tftpTarget(url: string): { host: string; path: string } | undefined {
  const m = /^tftp:\/\/([^/]+)\/(.+)$/.exec(url);
  return m ? { host: m[1]!, path: m[2]! } : undefined;
}

export function answerFor(rule: Rule, c: BootClient, ctx: AnswerContext): BootAnswer | undefined {
  const vendorClass = c.firmware === 'http' ? 'HTTPClient' : 'PXEClient';
  const http = (httpUrl: string): BootAnswer => ({ kind: 'http', httpUrl, vendorClass, rule: rule.name });
  const a = rule.action;
  switch (a.kind) {
    case 'ignore':
      return undefined;
    case 'script':
      return http(scriptUrl(ctx.urls, c.mac, c.archValue));
    case 'url': {
      const t = tftpTarget(a.url);
      if (t && c.firmware !== 'http') {
        return { kind: 'tftp', nextServer: t.host, bootFile: t.path, vendorClass: 'PXEClient', rule: rule.name };
      }
      return http(a.url);
    }
    case 'file':
      // PXE firmware only speaks TFTP; UEFI HTTP boot wants a full URL as its boot file.
      if (c.firmware === 'http') return http(fileUrl(ctx.urls, a.file));
      return { kind: 'tftp', nextServer: ctx.tftpAddress, bootFile: a.file, vendorClass: 'PXEClient', rule: rule.name };
  }
}

/**
 * Rules decide (the one the inventory names for the machine first, see selectRule); a script
 * rule only applies to machines already running iPXE.
 */
export function decide(rules: readonly Rule[], c: BootClient, ctx: AnswerContext): Decision {
  const s = selectRule(rules, c);
  return { ...s, answer: s.rule ? answerFor(s.rule, c, ctx) : undefined };
}
