/**
 * recvmmsg(2) through FFI: up to `capacity` datagrams per system call. One native block holds
 * the struct mmsghdr array, an iovec, a source address and a control buffer per datagram, and a
 * 64 KiB data slot each (virtual memory: only the pages a datagram touches become resident).
 * For sockets that see bursts (a DHCP server under a boot storm): one call and one copy into
 * JS memory serve the burst, where recvmsg costs a call, a copy and an allocation per datagram.
 */
import { endianness } from 'node:os';
import { MSG_DONTWAIT } from './batch.ts';
import type { PktInfo } from './kernel-structs.ts';
import { allocNative, type NativeBlock, sys } from './libc.ts';
import { MSGHDR_SIZE, pointMsghdr, readMsghdr, receivedCount, resetMsghdr } from './msghdr.ts';
import { pktInfoAt, sockaddrInAt } from './struct-view.ts';

const LE = endianness() === 'LE';
/** struct mmsghdr: struct msghdr + unsigned msg_len, padded to 64. */
const MMSGHDR = 64;
const MSG_LEN = MSGHDR_SIZE;
const IOVEC = 16;
const NAME_SIZE = 32;
const CONTROL_SIZE = 64;
/** The largest UDP payload over IPv4 (65507) fits: nothing is ever cut. */
const SLOT = 65536;

/** One UDP datagram of a batch, its addresses read straight from the kernel's structs. */
export interface BatchItem {
  /** A view into one buffer the batch's datagrams share (never rewritten). */
  data: Uint8Array;
  remote: { address: string; port: number };
  /** From IP_PKTINFO, when the socket asked for it; undefined otherwise. */
  pktinfo: PktInfo | undefined;
}

export class RecvBatch {
  readonly capacity: number;
  readonly #block: NativeBlock;
  readonly #iovs: number;
  readonly #names: number;
  readonly #controls: number;
  readonly #data: number;

  constructor(capacity = 64) {
    this.capacity = capacity;
    this.#iovs = capacity * MMSGHDR;
    this.#names = this.#iovs + capacity * IOVEC;
    this.#controls = this.#names + capacity * NAME_SIZE;
    this.#data = this.#controls + capacity * CONTROL_SIZE;
    this.#block = allocNative(this.#data + capacity * SLOT);
    this.#block.bytes.fill(0, 0, this.#data);
    const v = this.#block.view;
    const base = this.#block.ptr;
    for (let i = 0; i < capacity; i++) {
      const m = i * MMSGHDR;
      const iov = this.#iovs + i * IOVEC;
      v.setBigUint64(iov, base + BigInt(this.#data + i * SLOT), LE);
      v.setBigUint64(iov + 8, BigInt(SLOT), LE);
      pointMsghdr(v, m, {
        iov: base + BigInt(iov),
        name: base + BigInt(this.#names + i * NAME_SIZE),
        control: base + BigInt(this.#controls + i * CONTROL_SIZE),
      });
    }
  }

  /** One recvmmsg without blocking; empty when nothing is waiting (EAGAIN). */
  receive(fd: number): BatchItem[] {
    const v = this.#block.view;
    // The kernel rewrites the lengths and flags of each header it fills; reset them all.
    for (let i = 0; i < this.capacity; i++) resetMsghdr(v, i * MMSGHDR, NAME_SIZE, CONTROL_SIZE);
    const n = receivedCount(Number(sys.recvmmsg(fd, this.#block.ptr, this.capacity, MSG_DONTWAIT, null)), 'recvmmsg');
    return n === undefined ? [] : this.#copyOut(n);
  }

  /** Copies the n datagrams into one JS buffer; addresses are read in place (no copies, no views). */
  #copyOut(n: number): BatchItem[] {
    const v = this.#block.view;
    const b = this.#block.bytes;
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.min(v.getUint32(i * MMSGHDR + MSG_LEN, LE), SLOT);
    const out = new Uint8Array(total);
    const items: BatchItem[] = [];
    let at = 0;
    for (let i = 0; i < n; i++) {
      const m = i * MMSGHDR;
      const len = Math.min(v.getUint32(m + MSG_LEN, LE), SLOT);
      const from = this.#data + i * SLOT;
      out.set(b.subarray(from, from + len), at);
      const got = readMsghdr(v, m, NAME_SIZE, CONTROL_SIZE);
      items.push({
        data: out.subarray(at, at + len),
        remote: sockaddrInAt(v, this.#names + i * NAME_SIZE, got.nameLength),
        pktinfo: pktInfoAt(v, this.#controls + i * CONTROL_SIZE, got.controlLength),
      });
      at += len;
    }
    return items;
  }

  free(): void {
    this.#block.free();
  }
}

/**
 * Reads for FdSocket.start over a RecvBatch: one recvmmsg per wake-up (as FdSocket reads a batch
 * before the loop gets its turn), its datagrams handed out one by one.
 */
export function batchReader<T>(
  fd: number,
  make: (item: BatchItem) => T,
): { read: () => T | undefined; free: () => void } {
  const batch = new RecvBatch();
  let queue: T[] = [];
  let next = 0;
  let fetched = false;
  const read = () => {
    if (next < queue.length) return queue[next++];
    if (fetched) {
      // This wake-up's batch is handed out; the level-triggered poll calls again if more waits.
      fetched = false;
      return undefined;
    }
    queue = batch.receive(fd).map(make);
    next = 0;
    fetched = queue.length > 0;
    return queue[next++];
  };
  return { read, free: () => batch.free() };
}
