import { allocBody, type NativeBlock } from '@paddock/netio';
import type { SourceFile } from './file-source.ts';

/** Where a block's bytes are: native memory a batch send can point at. */
export interface Located {
  block: NativeBlock;
  at: number;
}

interface Slot {
  index: number;
  loaded: boolean;
  length: number;
  block: NativeBlock;
  ready: Promise<void>;
}

/**
 * A transfer's view of its file: two chunk-sized buffers in native memory (chunk k lives in
 * slot k mod 2), so the window being sent and the read-ahead of the next chunk are both
 * resident. A chunk holds whole blocks and at least one window, so a window spans at most two
 * chunks. Reads go through `SourceFile`; blocks are then sent straight from these buffers.
 */
export class ChunkCache {
  readonly chunkLength: number;
  readonly #file: SourceFile;
  readonly #slots: [Slot, Slot];
  #freed = false;

  constructor(file: SourceFile, blksize: number, windowsize: number, target = 256 * 1024) {
    this.#file = file;
    const blocks = Math.max(windowsize, Math.floor(target / blksize), 1);
    this.chunkLength = Math.min(blocks * blksize, Math.max(blksize, file.size));
    const slot = (): Slot => ({
      index: -1,
      loaded: false,
      length: 0,
      block: allocBody(this.chunkLength),
      ready: Promise.resolve(),
    });
    this.#slots = [slot(), slot()];
  }

  /** The bytes at `offset`, if their chunk is loaded. */
  locate(offset: number, length: number): Located | undefined {
    // RFC 1350 §6: the empty last block of a block-aligned file points at nothing.
    if (length === 0) return { block: this.#slots[0].block, at: 0 };
    const k = Math.floor(offset / this.chunkLength);
    const s = this.#slots[k & 1] as Slot;
    const at = offset - k * this.chunkLength;
    if (s.index !== k || !s.loaded || at + length > s.length) return undefined;
    return { block: s.block, at };
  }

  /** Loads every chunk of `[from, to)`; rejects when a read fails. */
  async load(from: number, to: number): Promise<void> {
    const first = Math.floor(from / this.chunkLength);
    const last = Math.floor(Math.max(from, to - 1) / this.chunkLength);
    for (let k = first; k <= last; k++) await this.#ensure(k);
  }

  /** Starts reading the chunk after the one holding `offset`; a failure surfaces in `load`. */
  prefetch(offset: number): void {
    const next = Math.floor(offset / this.chunkLength) + 1;
    if (next * this.chunkLength < this.#file.size) this.#ensure(next).catch(() => {});
  }

  free(): void {
    this.#freed = true;
    for (const s of this.#slots) s.block.free();
  }

  #ensure(k: number): Promise<void> {
    const s = this.#slots[k & 1] as Slot;
    if (s.index === k) return s.ready;
    s.index = k;
    s.loaded = false;
    const load = async () => {
      const bytes = await this.#file.read(k * this.chunkLength, this.chunkLength);
      if (this.#freed || s.index !== k) return;
      s.block.bytes.set(bytes);
      s.length = bytes.length;
      s.loaded = true;
    };
    // Chained: a slot is refilled only after its previous read has landed.
    s.ready = s.ready.then(load, load);
    return s.ready;
  }
}
