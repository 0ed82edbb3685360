import type { DhcpMessage } from './message.ts';
import { MESSAGE_TYPES, type MessageTypeName, messageTypeName } from './message-type.ts';
import { getOption, withOption, withoutOption } from './option-list.ts';
import type { OptionDef } from './registry.ts';
import { OPTION } from './registry.ts';

/** The typed value of an option, or undefined when absent or malformed (raw bytes stay). */
export function readOption<T>(m: DhcpMessage, def: OptionDef<T>): T | undefined {
  const data = getOption(m.options, def.code);
  return data === undefined ? undefined : def.kind.decode(data);
}

/** A copy of the message with the option set (in place if present, else appended). */
export function setOption<T>(m: DhcpMessage, def: OptionDef<T>, value: T): DhcpMessage {
  return { ...m, options: withOption(m.options, def.code, def.kind.encode(value)) };
}

export function removeOption(m: DhcpMessage, code: number): DhcpMessage {
  return { ...m, options: withoutOption(m.options, code) };
}

export function messageType(m: DhcpMessage): MessageTypeName | undefined {
  const v = readOption(m, OPTION.messageType);
  return v === undefined ? undefined : messageTypeName(v);
}

export function setMessageType(m: DhcpMessage, type: MessageTypeName): DhcpMessage {
  return setOption(m, OPTION.messageType, MESSAGE_TYPES[type]);
}

/**
 * RFC 2131 §4.2: a client is identified by option 61 when present, else by htype + chaddr.
 * Returned as bytes so the two forms cannot collide by accident in a lease table key.
 */
export function clientKey(m: DhcpMessage): Uint8Array {
  const id = getOption(m.options, OPTION.clientId.code);
  if (id) return Uint8Array.of(0xff, ...id);
  return Uint8Array.of(m.htype, ...m.chaddr);
}
