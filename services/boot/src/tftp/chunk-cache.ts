import { readSync } from 'node:fs';
import { allocBody, type NativeBlock } from '@paddock/netio';

/** What a lane serves: the file the main thread opened, or bytes in memory (netascii). */
export type LaneFile = { size: number; fd: number } | { size: number; bytes: Uint8Array };

/** Where a block's bytes are: native memory a batch send can point at. */
export interface Located {
  block: NativeBlock;
  at: number;
}

interface Slot {
  index: number;
  length: number;
  block: NativeBlock;
}

/**
 * A transfer's view of its file: two chunk-sized buffers in native memory (chunk k lives in
 * slot k mod 2). A chunk holds whole blocks and at least one window, so a window spans at
 * most two chunks and both stay resident while it is sent. Chunks are read when first needed,
 * with a plain blocking read: a lane is a thread of its own, and the kernel's read-ahead keeps
 * a sequential file in the page cache.
 */
export class ChunkCache {
  readonly chunkLength: number;
  readonly #file: LaneFile;
  readonly #slots: [Slot, Slot];
  /** Chunk reads done (for tests and statistics). */
  reads = 0;

  constructor(file: LaneFile, blksize: number, windowsize: number, target = 256 * 1024) {
    this.#file = file;
    const blocks = Math.max(windowsize, Math.floor(target / blksize), 1);
    this.chunkLength = Math.min(blocks * blksize, Math.max(blksize, file.size));
    const slot = (): Slot => ({ index: -1, length: 0, block: allocBody(this.chunkLength) });
    this.#slots = [slot(), slot()];
  }

  /** The bytes at `offset`, reading their chunk first if it is not resident; throws on I/O errors. */
  locate(offset: number, length: number): Located {
    // RFC 1350 §6: the empty last block of a block-aligned file points at nothing.
    if (length === 0) return { block: this.#slots[0].block, at: 0 };
    const k = Math.floor(offset / this.chunkLength);
    const s = this.#slots[k & 1] as Slot;
    if (s.index !== k) this.#load(s, k);
    const at = offset - k * this.chunkLength;
    if (at + length > s.length) throw new Error(`file shorter than announced (${s.length} bytes in chunk ${k})`);
    return { block: s.block, at };
  }

  free(): void {
    for (const s of this.#slots) s.block.free();
  }

  #load(s: Slot, k: number): void {
    s.index = -1;
    const start = k * this.chunkLength;
    const want = Math.max(0, Math.min(this.chunkLength, this.#file.size - start));
    const target = s.block.bytes;
    let got = 0;
    if ('bytes' in this.#file) {
      const part = this.#file.bytes.subarray(start, start + want);
      target.set(part);
      got = part.length;
    } else {
      while (got < want) {
        const n = readSync(this.#file.fd, target, got, want - got, start + got);
        if (n === 0) break; // the file shrank under us
        got += n;
      }
    }
    this.reads++;
    s.index = k;
    s.length = got;
  }
}
