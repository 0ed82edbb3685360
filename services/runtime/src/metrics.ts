import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per server, with the process metrics and the gRPC call metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paddock_' });
  const calls = new Counter({
    name: 'paddock_grpc_calls_total',
    help: 'gRPC calls finished, by method and status code',
    labelNames: ['method', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'paddock_grpc_call_duration_seconds',
    help: 'gRPC call duration (streams: until they end)',
    labelNames: ['method'] as const,
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [registry],
  });
  return { registry, calls, duration };
}

export type Metrics = ReturnType<typeof createMetrics>;
