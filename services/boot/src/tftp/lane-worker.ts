/**
 * A transfer lane: a worker thread running TFTP transfers in a loop of its own. It blocks in
 * epoll_wait (through FFI, off the main thread) and serves every ready socket in turn, so a
 * lockstep block costs three system calls and no event-loop turn, JS callback or timer. The
 * server hands transfers over by message and wakes the lane through an eventfd.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { clearEventFd, Epoll } from '@paddock/netio';
import type { FromLane, ToLane } from './lane-protocol.ts';
import { LaneSession } from './lane-session.ts';

const port = parentPort;
if (!port) throw new Error('lane-worker.ts runs as a worker thread');
const wakeFd = (workerData as { wakeFd: number }).wakeFd;
const WAKE = 0xffff_ffff;
/** Longest sleep, so a worker.terminate() from a stuck server still lands. */
const MAX_WAIT_MS = 1000;
/** Timers fire at most this late: retransmit timeouts are 200 ms and more. */
const SCAN_MS = 50;

const epoll = new Epoll(256);
epoll.add(wakeFd, WAKE);
const sessions = new Map<number, LaneSession>();
/** Sessions with a window still leaving: the loop does not sleep while there are any. */
const sending = new Set<LaneSession>();
const buf = new Uint8Array(65_536);
const from = new Uint8Array(16);
let stopping = false;
/** When timers are next looked at. */
let scanAt = 0;

/** Keeps `sending` in step after a session did something. */
function touch(s: LaneSession): void {
  if (s.sending) sending.add(s);
  else sending.delete(s);
}

function receive(m: ToLane): void {
  if (m.kind === 'start') {
    const file = 'fd' in m.file ? { size: m.size, fd: m.file.fd } : { size: m.size, bytes: m.file.bytes };
    const session = new LaneSession(m, file, (outcome, stats) => {
      sessions.delete(m.id);
      sending.delete(session);
      port!.postMessage({ kind: 'end', id: m.id, outcome, stats } satisfies FromLane);
    });
    sessions.set(m.id, session);
    epoll.add(m.socketFd, m.id);
    session.start(performance.now());
    touch(session);
    scanAt = 0;
  } else if (m.kind === 'abort') sessions.get(m.id)?.abort(m.reason);
  else {
    stopping = true;
    for (const s of [...sessions.values()]) s.abort(m.reason);
  }
}

/** Timers: scanned at the earliest deadline, and at least every SCAN_MS while transfers run. */
function timers(now: number): void {
  if (now < scanAt) return;
  let next = now + (sessions.size > 0 ? SCAN_MS : MAX_WAIT_MS);
  for (const s of sessions.values()) {
    const d = s.deadline;
    if (d !== undefined && d <= now) {
      s.onTimer(now);
      touch(s);
    }
    const after = s.deadline;
    if (after !== undefined && after < next) next = after;
  }
  scanAt = next;
}

while (!stopping) {
  const wait = sending.size > 0 ? 0 : Math.max(0, Math.min(MAX_WAIT_MS, Math.ceil(scanAt - performance.now())));
  const n = epoll.wait(wait);
  const now = performance.now();
  for (let i = 0; i < n; i++) {
    const token = epoll.token(i);
    const s = token === WAKE ? undefined : sessions.get(token);
    if (s) {
      s.onReadable(buf, from, now);
      touch(s);
    } else if (token === WAKE) {
      clearEventFd(wakeFd);
      for (let m = receiveMessageOnPort(port); m && !stopping; m = receiveMessageOnPort(port)) receive(m.message);
    }
  }
  for (const s of [...sending]) {
    s.continueBurst();
    touch(s);
  }
  timers(now);
}
epoll.close();
