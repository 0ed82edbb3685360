import type { BootClient } from '../boot-request.ts';
import type { ReachPart } from '../parts.ts';
import { type BootUrls, fileUrl, nodeFileUrl, phoneHomeUrl } from '../urls.ts';
import type { ScriptInputs } from './template.ts';

/** The typed inputs a script is rendered with, for one machine. */
export function scriptInputs(
  client: BootClient,
  urls: BootUrls,
  tftpAddress: string,
  enrolment?: ReachPart['enrolment'],
): ScriptInputs {
  const { mac } = client;
  return {
    node: {
      mac,
      ip: client.ip ?? '',
      // Inventory will name machines; until then a name from the MAC is stable and DNS-safe.
      name: client.labels['name'] ?? `node-${mac.replaceAll(':', '')}`,
      arch: client.arch,
    },
    server: { http: urls.base, tftp: tftpAddress },
    token: urls.signer.nodeToken(mac),
    phoneHomeUrl: phoneHomeUrl(urls, mac),
    enrol: enrolment?.(mac, tftpAddress) ?? { token: '', node: '', keysUrl: '', caSha256: '', keysPin: '' },
    labels: client.labels,
    fileUrl: (name) => fileUrl(urls, name),
    nodeFileUrl: (name) => nodeFileUrl(urls, mac, name),
  };
}
