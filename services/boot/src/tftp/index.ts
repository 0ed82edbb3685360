export {
  type DecodeResult,
  decodePacket,
  ErrorCode,
  encodePacket,
  Opcode,
  type TftpMode,
  type TftpOption,
  type TftpPacket,
} from './codec.ts';
export { directorySource, type FileSource, type OpenResult, type SourceFile } from './file-source.ts';
export type { Peer } from './lane-protocol.ts';
export type { SessionStats } from './lane-session.ts';
export { netasciiFile, toNetascii } from './netascii.ts';
export { DEFAULT_LIMITS, type Negotiation, negotiate, type ServerLimits, type TransferSettings } from './options.ts';
export { MAX_NAME_LENGTH, type PathVerdict, resolveRequestPath } from './paths.ts';
export { planRequest, type RequestVerdict } from './request.ts';
export { DEFAULT_RTO, type RtoConfig, RtoEstimator } from './rto.ts';
export { TftpServer, type TftpServerEvents, type TftpServerOptions, type TransferInfo } from './server.ts';
export { ServerCounters } from './server-counters.ts';
export { ReadTransfer, type TransferAction, type TransferOutcome, type TransferStats } from './transfer.ts';
