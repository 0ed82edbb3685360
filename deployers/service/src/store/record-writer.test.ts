import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from './deployment-record.ts';
import { MemoryDeploymentStore } from './deployment-store.ts';
import { RecordWriter } from './record-writer.ts';
import { testRecord } from './store-contract.ts';

/** A store whose writes wait until released, counting them. */
class SlowStore extends MemoryDeploymentStore {
  writes: string[] = [];
  release: (() => void) | undefined;
  fail = false;
  override async save(r: DeploymentRecord): Promise<void> {
    this.writes.push(`${r.view.id}@${r.revision}`);
    await new Promise<void>((res) => {
      this.release = res;
    });
    if (this.fail) throw new Error('etcd is away');
    await super.save(r);
  }
}

const at = (id: string, revision: bigint) => ({ ...testRecord(id), revision });

describe('the record writer', () => {
  it('writes only the latest record of each deployment that waited behind a write', async () => {
    const store = new SlowStore();
    const w = new RecordWriter(store, () => {});
    w.save(at('a', 1n));
    for (let i = 2n; i <= 50n; i++) w.save(at('a', i));
    w.save(at('b', 1n));
    const done = w.flush();
    while (store.writes.length < 3) {
      await new Promise((r) => setTimeout(r, 1));
      store.release?.();
    }
    store.release?.();
    await done;
    expect(store.writes).toEqual(['a@1', 'a@50', 'b@1']);
    expect((await store.load('here:/data')).records.map((r) => [r.view.id, r.revision])).toEqual([
      ['a', 50n],
      ['b', 1n],
    ]);
  });

  it('reports a failed write and goes on with the next', async () => {
    const store = new SlowStore();
    const errors: string[] = [];
    const w = new RecordWriter(store, (id, err) => errors.push(`${id}: ${(err as Error).message}`));
    store.fail = true;
    w.save(at('a', 1n));
    store.release?.();
    await w.flush();
    store.fail = false;
    w.save(at('a', 2n));
    store.release?.();
    await w.flush();
    expect(errors).toEqual(['a: etcd is away']);
    expect((await store.load('here:/data')).records.map((r) => r.revision)).toEqual([2n]);
  });
});
