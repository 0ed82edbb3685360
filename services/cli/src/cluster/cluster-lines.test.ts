import { expect, it } from 'vitest';
import { clusterLines } from './cluster-lines.ts';

it('shows every member with its health, every server with its address, every role with its holder and every machine with its host', () => {
  const lines = clusterLines(
    {
      store: 'etcd://a:1,b:2/paddock/lab/',
      site: 'lab',
      server: 'h:10@10.0.0.1:7400',
      error: '',
      members: [
        { id: '1', name: 'm0', clientUrls: ['http://a:1'], healthy: true, leader: true, error: '' },
        { id: '2', name: 'm1', clientUrls: ['http://b:2'], healthy: false, leader: false, error: 'deadline exceeded' },
      ],
      servers: [
        {
          id: 'h:10@10.0.0.1:7400',
          grpcAddress: '10.0.0.1:7400',
          hostname: 'h',
          version: '0.9.0',
          sinceUnixMs: 1_000n,
          here: true,
          error: '',
        },
        {
          id: 'g:11@10.0.0.2:7400',
          grpcAddress: '10.0.0.2:7400',
          hostname: 'g',
          version: '0.9.0',
          sinceUnixMs: 29_000n,
          here: false,
          error: '',
        },
        { id: 'junk', grpcAddress: '', hostname: '', version: '', sinceUnixMs: 0n, here: false, error: 'not JSON' },
      ],
      roles: [
        {
          name: 'scanner-schedule',
          holder: 'h:10@10.0.0.1:7400',
          here: true,
          sinceUnixMs: 1_000n,
          fence: 5n,
          error: '',
        },
        { name: 'power-reconciler', holder: 'g:11@10.0.0.2:7400', here: false, sinceUnixMs: 0n, fence: 6n, error: '' },
        { name: 'crown', holder: '', here: false, sinceUnixMs: 0n, fence: 0n, error: '' },
      ],
      claims: [
        { machine: 'n1', name: 'vm-a', host: 'h:10@10.0.0.1:7400', here: true, sinceUnixMs: 21_000n, error: '' },
        { machine: 'n2', name: 'vm-b', host: 'g:11@10.0.0.2:7400', here: false, sinceUnixMs: 30_000n, error: '' },
        { machine: 'n3', name: '', host: '', here: false, sinceUnixMs: 0n, error: 'not JSON' },
      ],
    },
    31_000,
  );
  expect(lines).toEqual([
    'store      etcd://a:1,b:2/paddock/lab/ (site lab)',
    '  member   m0 http://a:1 healthy, leader',
    '  member   m1 http://b:2 UNHEALTHY: deadline exceeded',
    'server     h:10@10.0.0.1:7400',
    '  peer     h:10@10.0.0.1:7400: at 10.0.0.1:7400, 0.9.0, this server, for 30 s',
    '  peer     g:11@10.0.0.2:7400: at 10.0.0.2:7400, 0.9.0, for 2 s',
    '  peer     junk: unreadable: not JSON',
    '  role     scanner-schedule: this server for 30 s',
    '  role     power-reconciler: g:11@10.0.0.2:7400',
    '  role     crown: nobody',
    '  machine  vm-a: this server for 10 s',
    '  machine  vm-b: g:11@10.0.0.2:7400 for 1 s',
    '  machine  n3: unreadable: not JSON',
  ]);
});
