import { describe, expect, it } from 'vitest';
import { testNode } from '../store/store-contract.ts';
import { applyPatch, type CreateInput, checkCreate, type UpdatePatch } from './node-input.ts';

const input = (over: Partial<CreateInput> = {}): CreateInput => ({
  name: 'vm1',
  labels: {},
  macs: [],
  provider: { name: 'qemu', options: {} },
  bootRule: '',
  description: '',
  architecture: '',
  firmware: '',
  ...over,
});
const patch = (over: Partial<UpdatePatch> = {}): UpdatePatch => ({
  setLabels: {},
  removeLabels: [],
  addMacs: [],
  removeMacs: [],
  ...over,
});

describe('creating a node', () => {
  it('normalises MACs and accepts an empty name', () => {
    expect(checkCreate(input({ name: '', macs: ['52-54-00-AA-BB-CC'] }))).toEqual({
      ok: input({ name: '', macs: ['52:54:00:aa:bb:cc'] }),
    });
  });

  it('says what is wrong', () => {
    const error = (i: Partial<CreateInput>) => {
      const r = checkCreate(input(i));
      return 'error' in r ? r.error : 'ok';
    };
    expect(error({ name: 'Bad Name' })).toMatch(/must be 1-63/);
    expect(error({ macs: ['52:54:00:aa:bb:cc', '52:54:00:AA:BB:CC'] })).toBe('MAC 52:54:00:aa:bb:cc is given twice');
    expect(error({ macs: ['nope'] })).toBe('not a MAC address: "nope"');
    expect(error({ labels: { 'a b': '1' } })).toMatch(/label key "a b"/);
    expect(error({ bootRule: 'Rule!' })).toMatch(/boot rule/);
    expect(error({ architecture: 'x86 64' })).toMatch(/architecture/);
    expect(error({ provider: { name: '', options: {} } })).toMatch(/provider is required/);
  });
});

describe('updating a node', () => {
  const node = testNode('a', 'alpha', ['52:54:00:00:00:01']);

  it('changes only what the patch carries', () => {
    const r = applyPatch(
      node,
      patch({
        setLabels: { role: 'worker' },
        removeLabels: ['rack'],
        addMacs: ['52:54:00:00:00:02'],
        bootRule: 'linux',
      }),
      99,
    );
    if (!('ok' in r)) throw new Error(r.error);
    expect(r.ok).toMatchObject({
      name: 'alpha',
      labels: { role: 'worker' },
      bootRule: 'linux',
      updatedAt: 99,
      nics: [
        { mac: '52:54:00:00:00:01', vendor: '' },
        { mac: '52:54:00:00:00:02', vendor: '' },
      ],
    });
    expect(r.ok.lifecycle).toEqual(node.lifecycle);
  });

  it('removes NICs and refuses bad input', () => {
    const r = applyPatch(node, patch({ removeMacs: ['52:54:00:00:00:01'] }), 1);
    expect('ok' in r && r.ok.nics).toEqual([]);
    expect(applyPatch(node, patch({ setLabels: { x: 'a b' } }), 1)).toEqual({
      error: expect.stringMatching(/value "a b"/),
    });
    expect(applyPatch(node, patch({ name: '-x' }), 1)).toEqual({ error: expect.stringMatching(/must be 1-63/) });
  });
});
