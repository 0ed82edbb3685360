export type { BootAnswer, BootAnswerProvider, VendorClassAnswer } from './answer.ts';
export { ARCH_NAMES, type ArchName, archOf, archValue, isArchName, isHttpArch } from './arch.ts';
export { type BootReplyContext, clientGuidBytes, withBootAnswer } from './boot-reply.ts';
export {
  describeNetboot,
  isIpxe,
  isNetbootRequest,
  type NetbootClient,
  type VendorFamily,
  vendorFamily,
} from './client.ts';
export { type BootRequest, requestFromDhcp, userClassList } from './request.ts';
