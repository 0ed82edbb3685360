import { OPTION, readOption } from '@paddock/dhcp-codec';
import {
  type BootAnswer,
  type BootAnswerProvider,
  type BootRequest,
  describeNetboot,
  isNetbootRequest,
  type NetbootClient,
  requestFromDhcp,
} from '@paddock/netboot';
import type { BootSettingDoc } from '../config/schema.ts';
import type { Exchange } from './types.ts';

/** A netboot client's request (options 60 and 93, read first: most requests are not one). */
export function isNetbootExchange(ex: Exchange): boolean {
  return isNetbootRequest({
    vendorClass: readOption(ex.m, OPTION.vendorClass),
    arch: readOption(ex.m, OPTION.clientArch)?.[0],
  });
}

/** The request's netboot facts (@paddock/netboot), or undefined for an OS's DHCP client. */
export function bootRequest(ex: Exchange): BootRequest | undefined {
  if (!isNetbootExchange(ex)) return undefined;
  const r = requestFromDhcp(ex.m);
  return { ...r, mac: ex.mac || r.mac, subnetId: ex.subnet.id };
}

/** The first setting of the subnet matching the client's architecture, as an answer. */
export function answerFromSettings(settings: readonly BootSettingDoc[], c: NetbootClient): BootAnswer | undefined {
  for (const s of settings) {
    if (s.architectures.length > 0 && (c.archValue === undefined || !s.architectures.includes(c.archValue))) continue;
    if (c.firmware === 'http') {
      if (s.httpUrl) return { kind: 'http', httpUrl: s.httpUrl };
      continue;
    }
    // Without this, iPXE chainloaded by the PXE ROM would be handed itself again, forever.
    const bootFile = c.ipxe && s.ipxeBootFile ? s.ipxeBootFile : s.bootFile;
    if (!bootFile) continue;
    return { kind: 'tftp', bootFile, nextServer: s.nextServer, serverName: s.serverName };
  }
  return undefined;
}

/** The subnet's own boot settings win; without any, the boot service's rules answer. */
export function bootAnswerFor(
  ex: Exchange,
  r: BootRequest,
  provider: BootAnswerProvider | undefined,
): { client: NetbootClient; answer: BootAnswer } | undefined {
  const client = describeNetboot(r);
  const answer = ex.subnet.boot.length > 0 ? answerFromSettings(ex.subnet.boot, client) : provider?.bootAnswer(r);
  return answer && { client, answer };
}
