import { classlessRoutes } from './classless-routes.ts';
import { domainSearch } from './domain-search.ts';
import type { OptionKind } from './option-kind.ts';
import { subOptions } from './sub-options.ts';
import { userClass } from './user-class.ts';
import { clientGuid, clientNdi, hex, ipv4, ipv4List, text, u8, u8List, u16, u16List, u32 } from './value-kinds.ts';

export interface OptionDef<T> {
  code: number;
  /** The name config files and the API use. */
  name: string;
  kind: OptionKind<T>;
}

const def = <T>(code: number, name: string, kind: OptionKind<T>): OptionDef<T> => ({ code, name, kind });

/** Options with a typed view. Adding one: a kind (reuse or one file), one line here, one test. */
export const OPTION = {
  subnetMask: def(1, 'subnet-mask', ipv4), // RFC 2132 §3.3
  routers: def(3, 'routers', ipv4List), // §3.5
  dnsServers: def(6, 'domain-name-servers', ipv4List), // §3.8
  hostname: def(12, 'host-name', text), // §3.14
  domainName: def(15, 'domain-name', text), // §3.17
  interfaceMtu: def(26, 'interface-mtu', u16), // §5.1
  broadcastAddress: def(28, 'broadcast-address', ipv4), // §5.3
  ntpServers: def(42, 'ntp-servers', ipv4List), // §8.3
  vendorSpecific: def(43, 'vendor-encapsulated-options', subOptions), // §8.4
  requestedIp: def(50, 'requested-address', ipv4), // §9.1
  leaseTime: def(51, 'lease-time', u32), // §9.2
  messageType: def(53, 'message-type', u8), // §9.6
  serverId: def(54, 'server-identifier', ipv4), // §9.7
  parameterRequestList: def(55, 'parameter-request-list', u8List), // §9.8
  maxMessageSize: def(57, 'max-message-size', u16), // §9.10
  renewalTime: def(58, 'renewal-time', u32), // §9.11 (T1)
  rebindingTime: def(59, 'rebinding-time', u32), // §9.12 (T2)
  vendorClass: def(60, 'vendor-class-identifier', text), // §9.13
  clientId: def(61, 'client-identifier', hex), // §9.14
  tftpServerName: def(66, 'tftp-server-name', text), // §9.4
  bootfileName: def(67, 'bootfile-name', text), // §9.5
  userClass: def(77, 'user-class', userClass), // RFC 3004
  relayAgentInfo: def(82, 'relay-agent-information', subOptions), // RFC 3046
  clientArch: def(93, 'client-arch', u16List), // RFC 4578 §2.1
  clientNdi: def(94, 'client-ndi', clientNdi), // RFC 4578 §2.2
  clientGuid: def(97, 'client-guid', clientGuid), // RFC 4578 §2.3
  domainSearch: def(119, 'domain-search', domainSearch), // RFC 3397
  classlessRoutes: def(121, 'classless-static-routes', classlessRoutes), // RFC 3442
  ipxe: def(175, 'ipxe-encapsulated-options', subOptions), // iPXE
} as const;

// biome-ignore lint/suspicious/noExplicitAny: a table of defs of many value types
type AnyDef = OptionDef<any>;
const BY_CODE = new Map<number, AnyDef>(Object.values(OPTION).map((d) => [d.code, d]));
const BY_NAME = new Map<string, AnyDef>(Object.values(OPTION).map((d) => [d.name, d]));

export function optionDef(code: number): AnyDef | undefined {
  return BY_CODE.get(code);
}

/** Resolves "routers", "3" or 3 to a code in 1..254 other than 52; undefined when neither. */
export function optionCode(nameOrCode: string | number): number | undefined {
  const code = typeof nameOrCode === 'number' ? nameOrCode : /^\d+$/.test(nameOrCode) ? Number(nameOrCode) : undefined;
  if (code === undefined) return BY_NAME.get(nameOrCode as string)?.code;
  return Number.isInteger(code) && code > 0 && code < 255 && code !== 52 ? code : undefined;
}
