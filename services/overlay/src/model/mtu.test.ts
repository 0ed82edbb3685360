import { describe, expect, it } from 'vitest';
import { layerMtus } from './mtu.ts';

describe('layerMtus', () => {
  it('takes WireGuard and VXLAN headers off a 1500-byte underlay', () => {
    expect(layerMtus(1500, false)).toEqual({ ok: true, mtu: { wireguard: 1440, vxlan: 1390, bridge: 1390 } });
    expect(layerMtus(1500, true)).toEqual({ ok: true, mtu: { wireguard: 1420, vxlan: 1370, bridge: 1370 } });
  });

  it('refuses an underlay too small for IPv6 on the overlay, naming the minimum', () => {
    expect(layerMtus(1390, false)).toEqual({ ok: true, mtu: { wireguard: 1330, vxlan: 1280, bridge: 1280 } });
    const v = layerMtus(1389, false);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.error).toMatch(/leaves 1279 bytes.*at least 1390/);
    const v6 = layerMtus(1400, true);
    if (!v6.ok) expect(v6.error).toMatch(/IPv6 underlay.*at least 1410/);
    expect(v6.ok).toBe(false);
  });
});
