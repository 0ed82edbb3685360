import { Protocol, TcpMethod } from '@paddock/proto/scanner/v1/scanner.ts';
import { describe, expect, it } from 'vitest';
import { planPortScan } from './port-scan-options.ts';

const opts = (o: object) => ({
  targets: [],
  ports: '',
  protocols: [],
  tcpMethod: TcpMethod.TCP_METHOD_UNSPECIFIED,
  concurrency: 0,
  timeoutMs: 0,
  udpRetries: 0,
  ...o,
});

describe('planPortScan', () => {
  it('defaults to a TCP connect scan of ports 1-1024', () => {
    const p = planPortScan(opts({ targets: ['10.0.0.5', '10.0.1.0/30'] }));
    expect(p.hosts).toEqual(['10.0.0.5', '10.0.1.1', '10.0.1.2']);
    expect(p.options).toMatchObject({
      ports: '1-1024',
      protocols: [Protocol.PROTOCOL_TCP],
      tcpMethod: TcpMethod.TCP_METHOD_CONNECT,
    });
    expect(p.probes).toBe(3 * 1024);
  });

  it('refuses bad targets, ports and oversized scans with clear messages', () => {
    expect(() => planPortScan(opts({}))).toThrow(/no target/);
    expect(() => planPortScan(opts({ targets: ['10.0.0'] }))).toThrow(/not an IPv4 CIDR: "10.0.0\/32"/);
    expect(() => planPortScan(opts({ targets: ['10.0.0.1'], ports: '22-' + '1' }))).toThrow(/runs backwards/);
    expect(() => planPortScan(opts({ targets: ['10.0.0.0/16'], ports: '1-65535' }))).toThrow(/more than the 2000000/);
    expect(() => planPortScan(opts({ targets: ['10.0.0.1'], concurrency: 100_000 }))).toThrow(/concurrency must be/);
  });
});
