import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@paddock/deployers';
import { afterAll, describe, expect, it } from 'vitest';
import { CLUSTER_LABEL, clusterDeployments, clusterImage, K3S_STANDIN, standInBundle } from './cluster-plan.ts';

const dir = mkdtempSync(join(tmpdir(), 'demo-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paddock demo --cluster: what it deploys', () => {
  it('overlay, then etcd, then k3s on that etcd, on the ready demo machines, the agent pushed', () => {
    const d = clusterDeployments({ agentBundle: '/data/deploy/agent-bundle', k3sBundle: '/data/deploy/k3s' });
    expect(d.map((r) => r.set)).toEqual(['overlay', 'etcd', 'k3s']);
    for (const r of d) {
      expect(r).toMatchObject({ selector: CLUSTER_LABEL, plan: false, targets: [] });
      expect(r.options).toMatchObject({
        agentBundle: '/data/deploy/agent-bundle',
        bundle: '/data/deploy/k3s',
        network: 'demo',
        cluster: 'demo',
        // k3s's servers use the `deploy etcd` cluster, whose members hold 2379/2380 on the same hosts.
        datastore: 'demo',
      });
      // Not the lab's own subnet (the demo's default), nor the deployers' default overlay, which is the same.
      expect(r.options?.subnet).not.toBe('10.99.0.0/24');
    }
  });

  it("boots the image's cluster profile, loading the overlay's drivers before enrolment", () => {
    const image = clusterImage();
    expect(image.profile).toBe('cluster');
    expect(image.enrolScript.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', 'modprobe -a tun vxlan bridge']);
  });

  it('installs the k3s stand-in, named as one, as the bundle the k3s set accepts', () => {
    const b = readBundle(standInBundle(join(dir, 'k3s')));
    expect(readFileSync(b.binary, 'utf8')).toBe(readFileSync(K3S_STANDIN, 'utf8'));
    expect(readFileSync(b.binary, 'utf8')).toContain('A STAND-IN FOR K3S');
    expect(b.images.map((i) => i.split('/').pop())).toEqual(['k3s-airgap-images-amd64.tar.zst']);
  });
});
