import { afterAll, describe, expect, it } from 'vitest';
import type { Host } from './host.ts';
import { Lab } from './lab.ts';
import { labSkipReason } from './skip.ts';

/** Share of `count` pings lost, from ping's own summary line. */
async function lossOf(host: Host, target: string, count: number): Promise<number> {
  const r = await host.exec(['ping', '-n', '-q', '-c', String(count), '-i', '0.01', '-W', '1', target]);
  const m = /(\d+) packets transmitted, (\d+) received/.exec(r.stdout);
  if (!m) throw new Error(`no ping summary: ${r.stdout}${r.stderr}`);
  return 1 - Number(m[2]) / Number(m[1]);
}

describe.skipIf(labSkipReason())('lab impairment', () => {
  let lab: Lab | undefined;
  afterAll(() => lab?.destroy());

  it('drops a measurable share of frames, and none without it', async () => {
    lab = await Lab.create('impair');
    const sw = await lab.bridge('sw0');
    const a = await lab.host('a');
    const b = await lab.host('b');
    const ifa = await lab.link(a, sw, { addresses: ['10.79.0.1/24'] });
    await lab.link(b, sw, { addresses: ['10.79.0.2/24'] });
    // Clean link first; this also resolves ARP before frames start to vanish.
    expect(await lossOf(a, '10.79.0.2', 20)).toBe(0);

    // 30 % each way: a round trip survives with 0.7^2, so ~51 % of pings are lost.
    await lab.impair(ifa, { dropPercent: 30 });
    const lossy = await lossOf(a, '10.79.0.2', 40);
    expect(lossy).toBeGreaterThanOrEqual(0.2);
    expect(lossy).toBeLessThanOrEqual(0.8);

    await lab.impair(ifa, { dropPercent: 0 });
    expect(await lossOf(a, '10.79.0.2', 20)).toBe(0);
  });
});
