/**
 * Option 53 values: RFC 2132 §9.6 (1–8), RFC 3203 FORCERENEW (9), RFC 4388 leasequery (10–13),
 * RFC 6926 bulk leasequery (14–17), RFC 7724 active leasequery (18).
 */
export const MESSAGE_TYPES = {
  DHCPDISCOVER: 1,
  DHCPOFFER: 2,
  DHCPREQUEST: 3,
  DHCPDECLINE: 4,
  DHCPACK: 5,
  DHCPNAK: 6,
  DHCPRELEASE: 7,
  DHCPINFORM: 8,
  DHCPFORCERENEW: 9,
  DHCPLEASEQUERY: 10,
  DHCPLEASEUNASSIGNED: 11,
  DHCPLEASEUNKNOWN: 12,
  DHCPLEASEACTIVE: 13,
  DHCPBULKLEASEQUERY: 14,
  DHCPLEASEQUERYDONE: 15,
  DHCPACTIVELEASEQUERY: 16,
  DHCPLEASEQUERYSTATUS: 17,
  DHCPTLS: 18,
} as const;

export type MessageTypeName = keyof typeof MESSAGE_TYPES;

const NAMES = new Map<number, MessageTypeName>(
  Object.entries(MESSAGE_TYPES).map(([name, value]) => [value, name as MessageTypeName]),
);

export function messageTypeName(value: number): MessageTypeName | undefined {
  return NAMES.get(value);
}

export function isKnownMessageType(value: number): boolean {
  return NAMES.has(value);
}
