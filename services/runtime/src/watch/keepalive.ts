/**
 * HTTP/2 pings for a client that follows a Watch stream: a peer that vanished without closing
 * its TCP connection (power cut, cable pulled, a NAT that forgot the flow, a stopped process)
 * fails the call within about 15 s instead of leaving the follower on a dead socket. The Watch
 * stream's PROGRESS messages catch the same case one layer up (a server stuck with a live
 * socket). The server side permits pings without calls (grpc-server.ts).
 */
export const WATCH_KEEPALIVE = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
} as const;
