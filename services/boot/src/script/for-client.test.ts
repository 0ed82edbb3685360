import { afterAll, describe, expect, it } from 'vitest';
import { testParts } from '../test-parts.ts';
import { scriptFor } from './for-client.ts';

describe('the script iPXE fetches', () => {
  const { deps, remove } = testParts();
  afterAll(remove);

  it('renders the default script for a machine no rule names', () => {
    const s = scriptFor(deps, '52:54:00:00:00:01', 0, '10.0.0.5');
    expect(s).toMatchObject({ rule: 'ipxe-default-script', script: 'default' });
    expect(s.text).toContain('no boot rule for 52:54:00:00:00:01 (bios)');
  });

  it('chains a file rule over HTTP, and sends ignored machines back to the firmware', () => {
    deps.config.putRule({
      name: 'disk',
      priority: 1,
      match: { macs: ['52:54:00:00:00:02'] },
      action: { kind: 'file', file: 'x y.efi' },
    });
    deps.config.putRule({
      name: 'skip',
      priority: 1,
      match: { macs: ['52:54:00:00:00:03'] },
      action: { kind: 'ignore' },
    });
    expect(scriptFor(deps, '52:54:00:00:00:02', 7, undefined).text).toBe(
      '#!ipxe\nchain http://10.0.0.1:8080/boot/files/x%20y.efi\n',
    );
    expect(scriptFor(deps, '52:54:00:00:00:03', 7, undefined).text).toMatch(/\nexit\n$/);
  });
});
