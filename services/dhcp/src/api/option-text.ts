import { hexOf, optionCode, optionDef, parseOptionSetting } from '@paddock/dhcp-codec';
import type { OptionSetting } from '../config/schema.ts';

/**
 * Options as people type them in the CLI and the console: one text value whose reading
 * depends on the option's kind ("10.0.0.1, 10.0.0.2" for a list of addresses, "3600" for a
 * number, JSON for structured kinds), or hex for anything.
 */
export function optionSettingFromText(o: { code: number; name: string; value: string; hex: string }): OptionSetting {
  const key = o.code || o.name;
  const code = optionCode(key);
  if (code === undefined) throw new RangeError(`unknown DHCP option ${JSON.stringify(key)}`);
  if (o.hex) return { code, hex: o.hex };
  try {
    return { code, value: valueFromText(code, o.value) };
  } catch (err) {
    throw new RangeError(`option ${optionDef(code)?.name ?? code}: ${(err as Error).message}`);
  }
}

function valueFromText(code: number, text: string): unknown {
  const kind = optionDef(code)?.kind.kind;
  const t = text.trim();
  if (kind === undefined) return t;
  if (/^[[{]/.test(t)) return JSON.parse(t);
  const list = t.split(/[\s,]+/).filter(Boolean);
  switch (kind) {
    case 'ipv4-list':
    case 'domain-list':
      return list;
    case 'u8':
    case 'u16':
    case 'u32':
      return number(t);
    case 'u8-list':
    case 'u16-list':
      return list.map(number);
    case 'user-class':
      return { format: 'plain', text: t };
    default:
      return t;
  }
}

/** How a stored setting is shown: code, name, text value and the bytes it puts on the wire. */
export function optionSettingToText(s: OptionSetting): { code: number; name: string; value: string; hex: string } {
  const o = parseOptionSetting(s.code ?? s.name ?? '', s.hex !== undefined ? { hex: s.hex } : s.value);
  const value = s.hex !== undefined ? '' : textOf(s.value);
  return { code: o.code, name: optionDef(o.code)?.name ?? '', value, hex: hexOf(o.data) };
}

function textOf(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(', ');
  return JSON.stringify(v);
}

function number(t: string): number {
  if (!/^\d+$/.test(t)) throw new RangeError(`${JSON.stringify(t)} is not a whole number`);
  return Number(t);
}
