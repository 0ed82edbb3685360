import { bytesOfHex, hexOf } from './option-kind.ts';
import type { DhcpOption } from './option-list.ts';
import { optionCode, optionDef } from './registry.ts';

/** An option setting as config and the API carry it: a typed value, or raw hex for anything. */
export type OptionValue = unknown;

/**
 * Turns "option by name or code with a typed value" into wire bytes. `{ hex: "..." }` is
 * accepted for any code; codes without a typed view take a hex string. Throws a RangeError
 * naming the option, for the config layer to report against its key.
 */
export function parseOptionSetting(nameOrCode: string | number, value: OptionValue): DhcpOption {
  const code = optionCode(nameOrCode);
  if (code === undefined) throw new RangeError(`unknown DHCP option ${JSON.stringify(nameOrCode)}`);
  const def = optionDef(code);
  try {
    const raw = (value as { hex?: unknown } | null)?.hex;
    const data = raw !== undefined ? bytesOfHex(raw) : def ? def.kind.encode(value) : bytesOfHex(value);
    if (data.length > 0xffff) throw new RangeError('value longer than 65535 bytes');
    return { code, data };
  } catch (e) {
    throw new RangeError(`option ${def?.name ?? code}: ${(e as Error).message}`);
  }
}

export interface FormattedOption {
  code: number;
  name?: string;
  /** The typed view, absent when the option has none or its bytes do not parse. */
  value?: unknown;
  hex: string;
}

/** The other way: how the API and console show an option, always with its raw hex. */
export function formatOption(o: DhcpOption): FormattedOption {
  const def = optionDef(o.code);
  const value = def?.kind.decode(o.data);
  const out: FormattedOption = { code: o.code, hex: hexOf(o.data) };
  if (def) out.name = def.name;
  if (value !== undefined) out.value = value;
  return out;
}
