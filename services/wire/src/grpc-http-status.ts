/**
 * The gRPC status of an HTTP answer that carries none (a proxy's error page, a missing route),
 * as grpc/doc/http-grpc-status-mapping.md maps it. Shared by the browser's gRPC-Web client and
 * the CLI's HTTP/2 client.
 */
export function grpcCodeFromHttpStatus(httpStatus: number): number {
  if (httpStatus === 400) return 13; // INTERNAL
  if (httpStatus === 401) return 16; // UNAUTHENTICATED
  if (httpStatus === 403) return 7; // PERMISSION_DENIED
  if (httpStatus === 404) return 12; // UNIMPLEMENTED
  if ([429, 502, 503, 504].includes(httpStatus)) return 14; // UNAVAILABLE
  return 2; // UNKNOWN
}
