import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from './config.ts';
import { listenSchema } from './listen.ts';

const schema = z
  .object({
    grpcListen: listenSchema.prefault('0.0.0.0:7400'),
    leaseTime: z.coerce.number().int().min(60).default(3600),
    insecure: z.boolean().default(false),
    subnets: z.array(z.object({ cidr: z.string() })).default([]),
  })
  .strict();

const yaml = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'pdk-cfg-')), 'paddock.yaml');
  writeFileSync(file, text);
  return file;
};

describe('loadConfig', () => {
  it('uses defaults when nothing is given', () => {
    expect(loadConfig(schema, { env: {} })).toEqual({
      grpcListen: { host: '0.0.0.0', port: 7400 },
      leaseTime: 3600,
      insecure: false,
      subnets: [],
    });
  });

  it('layers file < env < flags', () => {
    const file = yaml('lease-time: 600\ngrpc-listen: 127.0.0.1:1\nsubnets:\n  - cidr: 10.0.0.0/24\n');
    const c = loadConfig(schema, { file, env: { PADDOCK_LEASE_TIME: '900' }, flags: { grpcListen: '127.0.0.1:2' } });
    expect(c.leaseTime).toBe(900);
    expect(c.grpcListen).toEqual({ host: '127.0.0.1', port: 2 });
    expect(c.subnets).toEqual([{ cidr: '10.0.0.0/24' }]);
  });

  it('names the key and its source in errors', () => {
    expect(() => loadConfig(schema, { env: { PADDOCK_LEASE_TIME: '5' } })).toThrow(/PADDOCK_LEASE_TIME: .*>=60/);
    expect(() => loadConfig(schema, { env: {}, flags: { grpcListen: 'nope' } })).toThrow(
      /--grpc-listen: expected host:port/,
    );
    const file = yaml('subnets:\n  - cidr: 7\n');
    expect(() => loadConfig(schema, { file, env: {} })).toThrow(/subnets at 0\.cidr/);
  });

  it('rejects unknown keys and unreadable or malformed files', () => {
    expect(() => loadConfig(schema, { file: yaml('leese-time: 5\n'), env: {} })).toThrow(/unknown key leese-time/);
    expect(() => loadConfig(schema, { file: '/nonexistent/paddock.yaml', env: {} })).toThrow(/cannot read config file/);
    expect(() => loadConfig(schema, { file: yaml('a: [\n'), env: {} })).toThrow(/not valid YAML/);
    expect(() => loadConfig(schema, { file: yaml('- 1\n'), env: {} })).toThrow(/must be a mapping/);
  });
});
