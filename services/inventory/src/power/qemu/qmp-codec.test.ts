import { describe, expect, it } from 'vitest';
import { decodeQmp, encodeQmp, LineSplitter } from './qmp-codec.ts';

describe('QMP codec', () => {
  it('reads what QEMU 7.2 sends', () => {
    // Captured from qemu-system-x86_64 7.2 on its QMP socket.
    expect(
      decodeQmp(
        '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18"}, "capabilities": ["oob"]}}',
      ),
    ).toEqual({ kind: 'greeting', version: '7.2.22' });
    expect(decodeQmp('{"return": {}, "id": "1"}')).toEqual({ kind: 'return', id: '1', value: {} });
    expect(
      decodeQmp('{"id": "2", "error": {"class": "CommandNotFound", "desc": "The command nope has not been found"}}'),
    ).toEqual({
      kind: 'error',
      id: '2',
      errorClass: 'CommandNotFound',
      desc: 'The command nope has not been found',
    });
    expect(
      decodeQmp('{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "SHUTDOWN", "data": {"guest": false}}'),
    ).toEqual({
      kind: 'event',
      event: 'SHUTDOWN',
    });
  });

  it('says why a line is not QMP', () => {
    expect(decodeQmp('{oops')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/not JSON/) });
    expect(decodeQmp('42')).toEqual({ kind: 'invalid', reason: 'not an object' });
    expect(decodeQmp('{"x": 1}').kind).toBe('invalid');
  });

  it('writes one command per line', () => {
    expect(encodeQmp('system_reset', '7')).toBe('{"execute":"system_reset","id":"7"}\n');
    expect(encodeQmp('human-monitor-command', '8', { 'command-line': 'info status' })).toBe(
      '{"execute":"human-monitor-command","arguments":{"command-line":"info status"},"id":"8"}\n',
    );
  });

  it('splits a stream into lines across chunks', () => {
    const s = new LineSplitter();
    expect(s.push('{"a":')).toEqual([]);
    expect(s.push('1}\r\n{"b":2}\n{"c"')).toEqual(['{"a":1}', '{"b":2}']);
    expect(s.push(':3}\n')).toEqual(['{"c":3}']);
  });
});
