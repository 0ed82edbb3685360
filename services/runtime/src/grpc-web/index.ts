export { createGrpcWebBridge, type GrpcWebBridge, type GrpcWebBridgeOptions } from './bridge.ts';
