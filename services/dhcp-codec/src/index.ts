export { clientKey, messageType, readOption, removeOption, setMessageType, setOption } from './accessors.ts';
export { type ClasslessRoute, classlessRoutes } from './classless-routes.ts';
export { decodeMessage, MAX_DATAGRAM_LENGTH } from './decode.ts';
export { domainSearch } from './domain-search.ts';
export { dottedQuad } from './dotted-quad.ts';
export { DEFAULT_MAX_LENGTH, type EncodeOptions, encodeMessage, maxReplyLength } from './encode.ts';
export {
  BOOTREPLY,
  BOOTREQUEST,
  BROADCAST_FLAG,
  type DhcpMessage,
  emptyMessage,
  fieldText,
  isBroadcast,
  textField,
} from './message.ts';
export { MESSAGE_TYPES, type MessageTypeName, messageTypeName } from './message-type.ts';
export { hexOf, type OptionKind } from './option-kind.ts';
export { type DhcpOption, getOption, joinInstances, splitInstances, withOption, withoutOption } from './option-list.ts';
export { type FormattedOption, formatOption, parseOptionSetting } from './option-value.ts';
export { peekMessageType } from './peek.ts';
export { onlyRequested, orderByParameterRequestList } from './prl.ts';
export type { Decoded, DecodeReason, DecodeReasonCode, Encoded, EncodeReason, EncodeReasonCode } from './reason.ts';
export { OPTION, type OptionDef, optionCode, optionDef } from './registry.ts';
export { findSubOption, type SubOption, subOptions } from './sub-options.ts';
export { type UserClass, userClass } from './user-class.ts';
export { type ClientNdi, clientGuid, clientNdi } from './value-kinds.ts';
