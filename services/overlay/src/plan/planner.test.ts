import { describe, expect, it } from 'vitest';
import { batchSteps } from '../agent/batch.ts';
import { member, sampleState } from '../model/fixtures.ts';
import type { ResolvedNetwork } from '../model/resolved.ts';
import { validateState } from '../model/validate.ts';
import { EMPTY, type ObservedNetwork } from './observed.ts';
import { plan } from './planner.ts';

const KEY = { file: '/k', value: 'priv=' };

function resolved(members = [member(1), member(2), member(3)]): ResolvedNetwork {
  const v = validateState(sampleState(members));
  if (!v.ok) throw new Error(v.errors.join());
  return v.networks[0]!;
}

/** The observation of a node whose kernel holds exactly the desired state. */
function converged(net: ResolvedNetwork): ObservedNetwork {
  const link = (mtu: number, addresses: string[], mac = '') => ({ mtu, up: true, addresses, mac });
  return {
    wireguardLink: link(net.mtu.wireguard, [net.self.tunnelAddress]),
    wireguard: {
      privateKey: KEY.value,
      listenPort: net.listenPort,
      peers: net.peers.map((p) => ({ publicKey: p.publicKey, endpoint: p.endpoint, allowedIps: [`${p.tunnelIp}/32`] })),
    },
    vxlan: {
      ...link(net.mtu.vxlan, []),
      master: net.ifs.bridge,
      vni: net.vni,
      local: net.self.tunnelIp,
      port: 4789,
      lower: net.ifs.wireguard,
    },
    bridge: link(net.mtu.bridge, [net.self.address], net.self.mac),
    fdb: net.peers.flatMap((p) => [
      { mac: '00:00:00:00:00:00', dst: p.tunnelIp },
      { mac: p.mac, dst: p.tunnelIp },
    ]),
    neighbours: net.peers.map((p) => ({ ip: p.ip, mac: p.mac })),
  };
}

describe('plan', () => {
  it('builds every layer from nothing, WireGuard first, in wireguard-go and four commands', () => {
    const steps = plan(resolved(), KEY, EMPTY);
    expect(steps[0]).toMatchObject({ daemon: true, argv: ['wireguard-go', '-f', 'wg-lab'] });
    const text = steps.map((s) => s.argv.join(' '));
    expect(text).toContain('ip link set dev wg-lab mtu 1440');
    expect(text).toContain('ip link add vx-lab mtu 1390 type vxlan id 42 local 10.98.0.1 dev wg-lab dstport 4789');
    expect(text).toContain('bridge fdb append 00:00:00:00:00:00 dev vx-lab dst 10.98.0.2');
    expect(text).toContain('bridge fdb append 00:00:00:00:00:00 dev vx-lab dst 10.98.0.3');
    expect(text.filter((t) => /^wg set wg-lab peer \S+ endpoint /.test(t))).toHaveLength(2);
    expect(text).toContainEqual(
      expect.stringMatching(/^ip neigh replace 10\.99\.0\.3 dev br-lab lladdr \S+ nud permanent$/),
    );
    // The neighbours join the link steps' `ip -batch`: one for the devices and neighbours, one
    // `wg set` for the peers, one `bridge -batch`, and one `wg set` for the late keepalives.
    expect(batchSteps(steps).map((c) => c.argv.slice(0, 2).join(' '))).toEqual([
      'wireguard-go -f',
      'ip -batch',
      'wg set',
      'bridge -batch',
      'wg set',
    ]);
  });

  it('starts the handshake at once only with peers whose key is higher than its own', () => {
    const members = [member(1), member(2), member(3)];
    for (const self of members) {
      const others = members.filter((m) => m !== self);
      const v = validateState({ ...sampleState([self, ...others]), node: self.name });
      if (!v.ok) throw new Error(v.errors.join());
      const text = plan(v.networks[0]!, KEY, EMPTY).map((s) => s.argv.join(' '));
      const lastAdd = text.findLastIndex((t) => t.startsWith('bridge fdb append'));
      for (const p of others) {
        const add = text.findIndex((t) => t.startsWith(`wg set wg-lab peer ${p.publicKey} endpoint`));
        const late = text.findIndex((t) => t === `wg set wg-lab peer ${p.publicKey} persistent-keepalive 25`);
        // Before any peer whose keepalive is turned on in the same command (see plan-peers.ts).
        const firstSending = text.findIndex((t) => / persistent-keepalive 25$/.test(t) && t.includes(' endpoint '));
        if (self.publicKey < p.publicKey) {
          expect(text[add]).toMatch(/ persistent-keepalive 25$/);
          expect(late).toBe(-1);
        } else {
          expect(text[add]).not.toMatch(/persistent-keepalive/);
          if (firstSending >= 0) expect(add).toBeLessThan(firstSending);
          expect(late).toBeGreaterThan(lastAdd);
        }
      }
    }
  });

  it('plans nothing when the kernel already matches', () => {
    const net = resolved();
    expect(plan(net, KEY, converged(net))).toEqual([]);
  });

  it('removes a dropped member from every layer before adding a new one', () => {
    const old = resolved([member(1), member(2), member(3)]);
    const net = resolved([
      member(1),
      member(2),
      member(3, {
        publicKey: member(1).publicKey.replace('h', 'j'),
        address: '10.99.0.7/24',
        tunnelAddress: '10.98.0.7/24',
        endpoint: '192.0.2.7:51820',
      }),
    ]);
    const text = plan(net, KEY, converged(old)).map((s) => s.argv.join(' '));
    const firstAdd = text.findIndex((t) => t.includes('endpoint') || t.includes('append') || t.includes('replace'));
    const removals = text.slice(0, firstAdd);
    expect(removals).toEqual([
      'bridge fdb del 00:00:00:00:00:00 dev vx-lab dst 10.98.0.3',
      expect.stringMatching(/^bridge fdb del \S+ dev vx-lab dst 10\.98\.0\.3$/),
      'ip neigh del 10.99.0.3 dev br-lab',
      `wg set wg-lab peer ${member(3).publicKey} remove`,
    ]);
    expect(text.slice(firstAdd).join('\n')).toMatch(/10\.98\.0\.7/);
  });

  it('recreates a VXLAN device with the wrong VNI, then reprograms its FDB', () => {
    const net = resolved();
    const obs = converged(net);
    const text = plan(net, KEY, { ...obs, vxlan: { ...obs.vxlan!, vni: 7 } }).map((s) => s.argv.join(' '));
    expect(text[0]).toBe('ip link del dev vx-lab');
    expect(text[1]).toMatch(/^ip link add vx-lab .* id 42 /);
    expect(text.filter((t) => t.startsWith('bridge fdb append'))).toHaveLength(4);
  });

  it('leaves a peer behind NAT at the port WireGuard roamed to, but moves it to another host', () => {
    const net = resolved([member(1), member(2, { endpoint: '198.51.100.2:51820', roams: true }), member(3)]);
    const obs = converged(net);
    const at = (endpoint: string) => ({
      ...obs,
      wireguard: {
        ...obs.wireguard!,
        peers: obs.wireguard!.peers.map((p) => (p.publicKey === member(2).publicKey ? { ...p, endpoint } : p)),
      },
    });
    expect(plan(net, KEY, at('198.51.100.2:40123'))).toEqual([]);
    expect(plan(net, KEY, at('203.0.113.9:51820')).map((s) => s.what)).toEqual(['peer n2 at 198.51.100.2:51820']);
    const fixed = resolved([member(1), member(2, { endpoint: '198.51.100.2:51820' }), member(3)]);
    expect(plan(fixed, KEY, at('198.51.100.2:40123'))).toHaveLength(1);
  });
});
