/**
 * What every scanner store must do, run against SQLite (store.test.ts) and etcd
 * (etcd/etcd-scanner-store.test.ts): the servers see the same behaviour whichever holds them.
 */
import { describe, expect, it } from 'vitest';
import type { ScannerStore } from './scanner-store.ts';

export function scannerStoreContract(open: () => ScannerStore): void {
  const node = (mac: string, ip: string, lastSeenMs = 2) => ({
    mac,
    ips: [ip],
    online: true,
    conflict: false,
    firstSeenMs: 1,
    lastSeenMs,
  });

  describe('scanner store contract', () => {
    it('keeps nodes, updates and removes them', () => {
      const s = open();
      const n = node('aa:bb:cc:dd:ee:ff', '10.0.0.2');
      s.nodes.save([n, node('aa:bb:cc:dd:ee:01', '10.0.0.3')]);
      expect(s.nodes.get(n.mac)).toEqual(n);
      s.nodes.save([{ ...n, ips: ['10.0.0.9'], online: false }]);
      expect(s.nodes.get(n.mac)).toEqual({ ...n, ips: ['10.0.0.9'], online: false });
      s.nodes.remove(['aa:bb:cc:dd:ee:01']);
      expect([...s.nodes.all().keys()]).toEqual([n.mac]);
      expect(s.nodes.get('aa:bb:cc:dd:ee:01')).toBeUndefined();
    });

    it('replaces only the scanned ranges of open ports, per protocol', () => {
      const s = open();
      s.nodes.setOpenPorts(
        [{ ip: '10.0.0.2', protocol: 1, ranges: [[1, 65535]] }],
        [
          { ip: '10.0.0.2', port: 22, protocol: 1, service: 'ssh' },
          { ip: '10.0.0.2', port: 8080, protocol: 1, service: 'http-alt' },
          { ip: '10.0.0.2', port: 53, protocol: 2, service: 'domain' },
        ],
        5,
      );
      s.nodes.setOpenPorts([{ ip: '10.0.0.2', protocol: 1, ranges: [[1, 1024]] }], [], 6);
      expect(s.nodes.openPorts(['10.0.0.2']).map((p) => `${p.protocol}/${p.port} ${p.service}`)).toEqual([
        '1/8080 http-alt',
        '2/53 domain',
      ]);
      expect(s.nodes.openPorts(['10.0.0.20'])).toEqual([]);
      expect(s.nodes.openPorts([])).toEqual([]);
    });

    it('lists records newest first and prunes old ones, each kind apart', () => {
      const s = open();
      const r = s.records<{ id: string }>('scan', 2);
      for (let i = 0; i < 4; i++) r.put(`s${i}`, i, { id: `s${i}` });
      r.put('s1', 1, { id: 's1-updated' });
      s.records<{ id: string }>('wake').put('w1', 9, { id: 'w1' });
      expect(r.get('s1')).toEqual({ id: 's1-updated' });
      expect(r.get('nope')).toBeUndefined();
      r.prune();
      expect(r.list(10)).toEqual([{ id: 's3' }, { id: 's2' }]);
      expect(r.list(1)).toEqual([{ id: 's3' }]);
      expect(s.records('wake').list(10)).toEqual([{ id: 'w1' }]);
    });

    it('gives every row for a copy, and takes them back as they were', () => {
      const a = open();
      a.nodes.save([node('aa:00:00:00:00:02', '10.0.0.2'), node('aa:00:00:00:00:01', '10.0.0.1', 7)]);
      a.nodes.setOpenPorts([], [{ ip: '10.0.0.2', port: 443, protocol: 1, service: 'https' }], 42);
      a.records('port-scan').put('p1', 3, { id: 'p1', ports: [443] });
      const rows = a.rows();
      expect(rows.nodes.map((n) => n.mac)).toEqual(['aa:00:00:00:00:01', 'aa:00:00:00:00:02']);
      expect(rows.ports).toEqual([{ ip: '10.0.0.2', port: 443, protocol: 1, service: 'https', seenMs: 42 }]);
      expect(rows.records).toEqual([{ kind: 'port-scan', id: 'p1', startedMs: 3, record: { id: 'p1', ports: [443] } }]);
      const b = open();
      b.restore(rows);
      expect(b.rows()).toEqual(rows);
    });
  });
}
