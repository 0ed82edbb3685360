import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { NewEvent } from '../events/event-log.ts';
import type { EventsPart, FilesPart, NeighboursPart, NodesPart, ReachPart, RulesPart } from '../parts.ts';
import { scriptFor } from '../script/for-client.ts';
import type { StoredFile } from '../store/file-store.ts';
import { canonicalPath, parseBootPath, phoneHomeUrl } from '../urls.ts';
import { sendFile } from './send-file.ts';

/** The largest phone-home body (a hardware report; see the inventory's hardware-report.ts). */
const REPORT_LIMIT = 16 * 1024;

const remoteIp = (req: IncomingMessage) => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

/**
 * The plain-HTTP listener firmware and iPXE talk to (no TLS, no credential: firmware has
 * neither). Public files are open; scripts, per-node files and phone-home need a URL signed
 * for that machine. Anything else is 404, so the listener reveals nothing of the store.
 */
export function bootHandler(deps: FilesPart & EventsPart & NeighboursPart & RulesPart & ReachPart & NodesPart) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const ip = remoteIp(req);
    const url = new URL(req.url ?? '/', 'http://boot.invalid');
    const record = (e: NewEvent) =>
      deps.events.record({ ip, mac: deps.neighbours.macFor(ip), durationMs: performance.now() - started, ...e });
    const refuse = (status: number, message: string, mac?: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
      record({ kind: 'http-error', file: url.pathname, detail: `${status} ${message}`, ...(mac && { mac }) });
    };
    const target = parseBootPath(url.pathname);
    // Only a phone-home takes a body (the booted system's hardware facts).
    const post = req.method === 'POST' && target?.kind === 'phone-home';
    if (req.method !== 'GET' && req.method !== 'HEAD' && !post) {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!target) return refuse(404, 'not found');
    if (target.kind !== 'file') {
      const verdict = deps.urls.signer.verify(canonicalPath(target), url.searchParams);
      if (!verdict.ok) return refuse(403, `URL ${verdict.reason}`, target.mac);
    }
    const serve = async (f: StoredFile | undefined, mac?: string) => {
      if (!f) return refuse(404, 'not found', mac);
      // A record shared through etcd whose bytes were uploaded to another server, which sent none.
      if (!(await deps.files.hasBytes(f))) return refuse(404, 'not found: blob missing on this server', mac);
      const sent = await sendFile(req, res, f, deps.files.blobPath(f));
      if (req.method === 'HEAD') return;
      record({
        kind: 'http-fetch',
        file: f.name,
        bytes: sent.bytes,
        detail: `${sent.status}${sent.complete ? '' : ', client closed early'}`,
        ...(mac && { mac }),
      });
    };
    switch (target.kind) {
      case 'file': {
        const f = deps.files.get(target.name);
        return serve(f?.access === 'public' ? f : undefined);
      }
      case 'node': {
        const f = deps.files.get(target.name);
        return serve(f?.access === 'node' && f.nodeMac === target.mac ? f : undefined, target.mac);
      }
      case 'script': {
        const s = scriptFor(deps, target.mac, target.arch, ip);
        deps.neighbours.learn(ip, target.mac);
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : s.text);
        record({
          kind: 'script-rendered',
          mac: target.mac,
          file: s.script,
          rule: s.rule,
          bytes: Buffer.byteLength(s.text),
        });
        return;
      }
      case 'phone-home': {
        const report = post ? await readBody(req, REPORT_LIMIT) : '';
        if (report === undefined) return refuse(413, `a phone-home body is at most ${REPORT_LIMIT} bytes`, target.mac);
        // The answer carries the URL to use next and when to renew it, so a machine that runs
        // for days still reports changed facts after the URL it booted with expired.
        const next = phoneHomeUrl(deps.urls, target.mac);
        const renew = Math.max(1, Math.floor(deps.urls.ttlSeconds / 2));
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok\nnext ${next}\nrenew ${renew}\n`);
        const detail = url.searchParams.get('status')?.slice(0, 200) ?? '';
        // A renewal only asks for the next URL: nothing happened that the event log should keep.
        if (detail !== 'renew') record({ kind: 'phone-home', mac: target.mac, detail, report });
        return;
      }
    }
  };
}

/** The request body as text, or undefined once it passes `limit` bytes (the rest is not read). */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Leaving the loop stops reading: the rest of an oversized body is never buffered.
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
