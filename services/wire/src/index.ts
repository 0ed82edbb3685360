export { ByteReader } from './reader.ts';
export { ByteWriter } from './writer.ts';
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
