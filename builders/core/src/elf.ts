/**
 * What a dynamically linked ELF program needs from the loader: its interpreter (PT_INTERP) and
 * the sonames in DT_NEEDED. Pure, bounds-checked: anything that is not a well-formed 64-bit
 * little-endian ELF file yields `undefined`, never a throw or a read past the end.
 */
export interface ElfNeeds {
  interpreter?: string;
  needed: string[];
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

export function elfNeeds(bytes: Uint8Array): ElfNeeds | undefined {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return;
  if (bytes[4] !== 2 || bytes[5] !== 1) return; // ELFCLASS64, little-endian
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const phoff = Number(view.getBigUint64(32, true));
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);
  if (phentsize < 56 || phoff + phentsize * phnum > bytes.length) return;
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    segments.push({
      type: view.getUint32(at, true),
      offset: Number(view.getBigUint64(at + 8, true)),
      vaddr: Number(view.getBigUint64(at + 16, true)),
      filesz: Number(view.getBigUint64(at + 32, true)),
    });
  }
  const inFile = (s: Segment) => s.offset + s.filesz <= bytes.length;
  const interp = segments.find((s) => s.type === PT_INTERP && inFile(s));
  const interpreter = interp ? cString(bytes, interp.offset, interp.offset + interp.filesz) : undefined;
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC && inFile(s));
  if (!dynamic) return { ...(interpreter ? { interpreter } : {}), needed: [] };

  const entries: [bigint, bigint][] = [];
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.filesz; at += 16) {
    const tag = view.getBigInt64(at, true);
    if (tag === 0n) break;
    entries.push([tag, view.getBigUint64(at + 8, true)]);
  }
  // DT_STRTAB is a virtual address: the PT_LOAD segment holding it says where it is in the file.
  const strtabAddr = Number(entries.find(([t]) => t === DT_STRTAB)?.[1] ?? -1n);
  const load = segments.find((s) => s.type === PT_LOAD && strtabAddr >= s.vaddr && strtabAddr < s.vaddr + s.filesz);
  if (!load || !inFile(load)) return;
  const strtab = load.offset + (strtabAddr - load.vaddr);
  const needed: string[] = [];
  for (const [tag, value] of entries) {
    if (tag !== DT_NEEDED) continue;
    const name = cString(bytes, strtab + Number(value), bytes.length);
    if (name === undefined) return;
    needed.push(name);
  }
  return { ...(interpreter ? { interpreter } : {}), needed };
}

/** The NUL-terminated string at `from`, or undefined when it runs past `end`. */
function cString(bytes: Uint8Array, from: number, end: number): string | undefined {
  const stop = bytes.indexOf(0, from);
  if (from >= end || stop < 0 || stop >= end) return;
  return Buffer.from(bytes.subarray(from, stop)).toString('latin1');
}
