import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeClient } from '../boot-request.ts';
import { UrlSigner } from '../signer.ts';
import { scriptInputs } from './inputs.ts';
import { renderTemplate, validateTemplate } from './template.ts';

const read = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const NOW = Date.UTC(2025, 0, 1);
const signer = new UrlSigner(new Uint8Array(32).fill(1), () => NOW);
const urls = { base: 'http://10.77.0.1:8080', signer, ttlSeconds: 3600 };
const client = (labels: Record<string, string> = {}) =>
  describeClient({ mac: '52:54:00:12:34:56', arch: 0, userClasses: ['iPXE'], ip: '10.77.0.50', labels });

describe('iPXE script templates', () => {
  it('render the install script as pinned by its golden file', () => {
    const body = read('install.ipxe');
    expect(validateTemplate(body)).toBeUndefined();
    const out = renderTemplate(body, scriptInputs(client({ role: 'worker' }), urls, '10.77.0.1'));
    expect(out).toBe(read('install.golden.ipxe'));
  });

  it('give each kernel argument once, and sign every private URL for this machine only', () => {
    const out = renderTemplate(read('install.ipxe'), scriptInputs(client({ role: 'worker' }), urls, '10.77.0.1'));
    const kernel = out
      .split('\n')
      .find((l) => l.startsWith('kernel '))!
      .split(' ')
      .slice(2);
    const keys = kernel.map((a) => a.split('=')[0]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(['initrd', 'auto', 'url', 'hostname', 'paddock.token', 'paddock.phone', 'role']);
    for (const arg of kernel.filter((a) => a.startsWith('url=') || a.startsWith('paddock.phone='))) {
      const url = new URL(arg.slice(arg.indexOf('=') + 1));
      expect(url.pathname).toContain('/52-54-00-12-34-56');
      expect(signer.verify(url.pathname, url.searchParams)).toEqual({ ok: true });
    }
    expect(out).toContain(`paddock.token=${signer.nodeToken('52:54:00:12:34:56')}`);
  });

  it('leave out sections whose label is absent', () => {
    const out = renderTemplate(read('install.ipxe'), scriptInputs(client(), urls, '10.77.0.1'));
    expect(out).not.toContain('role=');
  });

  it('escape hostile label values so they cannot add commands or expand settings', () => {
    const body = '#!ipxe\necho {{labels.role}}\n';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an iPXE setting, not a JS template
    const out = renderTemplate(body, scriptInputs(client({ role: 'x\nshell ${password} || reboot' }), urls, ''));
    expect(out.split('\n')).toEqual(['#!ipxe', 'echo x%0Ashell%20%24%7Bpassword%7D%20%7C%7C%20reboot', '']);
  });

  it('refuse templates that could emit raw values or use unknown inputs', () => {
    expect(validateTemplate('kernel x')).toMatch(/must start with "#!ipxe"/);
    expect(validateTemplate('#!ipxe\necho {{{node.name}}}')).toMatch(/unescaped/);
    expect(validateTemplate('#!ipxe\necho {{&node.name}}')).toMatch(/unescaped/);
    expect(validateTemplate('#!ipxe\necho {{password}}')).toMatch(/unknown input \{\{password\}\}/);
    expect(validateTemplate('#!ipxe\n{{>other}}')).toMatch(/partials/);
    expect(validateTemplate('#!ipxe\n{{=<% %>=}}')).toMatch(/delimiters/);
    expect(validateTemplate('#!ipxe\n{{#file}}{{node.name}}{{/file}}')).toMatch(/inside a file section/);
    expect(validateTemplate('#!ipxe\n{{#node}}x{{/node}}')).toMatch(/unknown section/);
    expect(validateTemplate('#!ipxe\n{{#file}}x')).toMatch(/does not parse/);
  });
});
