export { Fifo } from './fifo.ts';
export { grpcCodeFromHttpStatus } from './grpc-http-status.ts';
export {
  DEFAULT_MAX_FRAME_BYTES,
  encodeFrame,
  FrameDecoder,
  GRPC_WEB_DATA,
  GRPC_WEB_TRAILERS,
  type GrpcWebFrame,
} from './grpc-web.ts';
export { Base64ChunkDecoder, encodeBase64 } from './grpc-web-text.ts';
export {
  decodeTrailers,
  encodeTrailers,
  type GrpcTrailers,
  percentDecodeGrpcMessage,
  percentEncodeGrpcMessage,
  type TrailersResult,
} from './grpc-web-trailers.ts';
export { hardwareFields } from './hardware-fields.ts';
export {
  bytesToHex,
  bytesToIPv4,
  type Cidr,
  cidrContains,
  ipv4ToBytes,
  ipv4ToNumber,
  isIPv4,
  isMac,
  macToBytes,
  numberToIPv4,
  parseCidr,
} from './ip.ts';
export { ByteReader } from './reader.ts';
export {
  type FollowOptions,
  type FollowState,
  followBackoffMs,
  followWatch,
  resumeAfter,
  STALL_MS,
} from './watch-follow.ts';
export { ByteWriter } from './writer.ts';
