export {
  type CallOptions,
  type MethodDef,
  type RequestOf,
  type ResponseOf,
  type ServiceDef,
  serverStream,
  unary,
} from './client.ts';
export { codeName, GrpcCode, GrpcError } from './codes.ts';
