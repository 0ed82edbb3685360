import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadServiceNames, parseEtcServices, parseIanaCsv, ServiceNames } from './service-names.ts';

describe('service names', () => {
  it('reads services(5) lines with aliases and comments', () => {
    const entries = parseEtcServices(
      '# comment\nssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\ndiscard\t\t9/udp\t\tsink null\nbad\t99999/tcp\nweird\t5/sctp\n',
    );
    expect(entries).toEqual([
      { name: 'ssh', port: 22, protocol: 'tcp', aliases: [], description: 'SSH Remote Login Protocol' },
      { name: 'discard', port: 9, protocol: 'udp', aliases: ['sink', 'null'], description: '' },
    ]);
  });

  it("reads IANA's CSV export, ranges included, with descriptions", () => {
    const csv =
      'Service Name,Port Number,Transport Protocol,Description,Assignee\nhttp,80,tcp,World Wide Web HTTP,x\n,81,tcp,Unassigned,\nx11,6000-6002,tcp,"X Window System, display",\n';
    const names = new ServiceNames();
    names.add(parseIanaCsv(csv));
    expect(names.lookup(80, 'tcp')).toMatchObject({ name: 'http', description: 'World Wide Web HTTP' });
    expect(names.lookup(6001, 'tcp')?.description).toBe('X Window System, display');
    expect(names.lookup(81, 'tcp')).toBeUndefined();
    expect(names.lookup(80, 'udp')).toBeUndefined();
  });

  it.skipIf(!existsSync('/etc/services'))('names well-known ports from /etc/services', () => {
    const names = loadServiceNames(['/nonexistent.csv', '/etc/services']);
    expect(names.lookup(22, 'tcp')?.name).toBe('ssh');
    expect(names.lookup(53, 'udp')?.name).toBe('domain');
    expect(names.size).toBeGreaterThan(100);
  });
});
