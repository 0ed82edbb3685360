import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentType, planBody } from './range.ts';

const E = '"abc"';

describe('planBody', () => {
  it('sends the whole file with its length when no range is asked', () => {
    expect(planBody(1000, E, undefined, undefined)).toEqual({
      status: 200,
      start: 0,
      end: 999,
      headers: { 'accept-ranges': 'bytes', etag: E, 'content-length': '1000' },
    });
  });

  it('serves one range, an open range and a suffix as 206 with Content-Range', () => {
    expect(planBody(1000, E, 'bytes=100-199', undefined)).toMatchObject({
      status: 206,
      start: 100,
      end: 199,
      headers: { 'content-length': '100', 'content-range': 'bytes 100-199/1000' },
    });
    expect(planBody(1000, E, 'bytes=900-', undefined)).toMatchObject({ start: 900, end: 999 });
    expect(planBody(1000, E, 'bytes=-10', undefined)).toMatchObject({ start: 990, end: 999 });
    // RFC 9110 §14.1.2: a suffix longer than the file selects the whole file.
    expect(planBody(1000, E, 'bytes=-5000', undefined)).toMatchObject({
      status: 206,
      start: 0,
      end: 999,
      headers: { 'content-range': 'bytes 0-999/1000' },
    });
    expect(planBody(1000, E, 'bytes=-1000', undefined)).toMatchObject({ status: 206, start: 0, end: 999 });
    expect(planBody(1000, E, 'bytes=990-5000', undefined)).toMatchObject({
      end: 999,
      headers: { 'content-length': '10' },
    });
  });

  it('answers 416 for ranges past the end, and ignores malformed or multiple ranges', () => {
    expect(planBody(1000, E, 'bytes=1000-', undefined)).toEqual({
      status: 416,
      headers: { 'accept-ranges': 'bytes', etag: E, 'content-range': 'bytes */1000' },
    });
    expect(planBody(1000, E, 'bytes=abc', undefined).status).toBe(200);
    expect(planBody(1000, E, 'bytes=0-1,5-9', undefined).status).toBe(200);
    expect(planBody(1000, E, 'items=0-1', undefined).status).toBe(200);
  });

  it('honours If-Range only with the current ETag', () => {
    expect(planBody(1000, E, 'bytes=0-9', E).status).toBe(206);
    expect(planBody(1000, E, 'bytes=0-9', '"old"').status).toBe(200);
  });

  it('always plans a body inside the file, whatever the header', () => {
    fc.assert(
      fc.property(fc.nat(1 << 20), fc.string(), (size, header) => {
        const p = planBody(size, E, header, undefined);
        if (p.status === 416) return true;
        const length = Number(p.headers['content-length']);
        return p.start >= 0 && p.end <= size - 1 && length === p.end - p.start + 1 && length >= 0;
      }),
    );
  });

  it('types text formats as text and the rest as binary', () => {
    expect(contentType('preseed.cfg')).toMatch(/^text\/plain/);
    expect(contentType('undionly.kpxe')).toBe('application/octet-stream');
  });
});
