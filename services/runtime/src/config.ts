import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/**
 * Configuration is parsed once, at the edge. Values come from, lowest first: the schema's
 * defaults, a YAML file, `PADDOCK_*` environment variables, command-line flags. Keys are
 * kebab-case in flags and YAML (`grpc-listen`), UPPER_SNAKE in the environment
 * (`PADDOCK_GRPC_LISTEN`) and camelCase in the typed result. Nested sections (a DHCP server's
 * subnets, say) come from the YAML file only. A bad value fails at start with a message that
 * names the key and where it came from.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  /** Flags as parsed by the CLI (camelCase keys; undefined means "not given"). */
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Path of a YAML file; taken from the `config` flag or PADDOCK_CONFIG when omitted. */
  file?: string;
}

const toKebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const toCamel = (key: string) => key.replace(/[-_]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const toEnv = (key: string) => `PADDOCK_${toKebab(key).replaceAll('-', '_').toUpperCase()}`;

export function loadConfig<S extends z.ZodObject>(schema: S, sources: ConfigSources = {}): z.infer<S> {
  const env = sources.env ?? process.env;
  const flags = sources.flags ?? {};
  const origin = new Map<string, string>();
  const merged: Record<string, unknown> = {};

  const file = sources.file ?? (flags['config'] as string | undefined) ?? env['PADDOCK_CONFIG'];
  if (file) {
    for (const [k, v] of Object.entries(readYaml(file))) {
      merged[toCamel(k)] = v;
      origin.set(toCamel(k), `${file}: ${k}`);
    }
  }
  for (const key of Object.keys(schema.shape)) {
    const raw = env[toEnv(key)];
    if (raw !== undefined && raw !== '') {
      merged[key] = raw;
      origin.set(key, toEnv(key));
    }
    const flag = flags[key];
    if (flag !== undefined) {
      merged[key] = flag;
      origin.set(key, `--${toKebab(key)}`);
    }
  }

  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const top = String(issue.path[0] ?? '');
    const where = origin.get(top) ?? `${toKebab(top)} (default)`;
    const path = issue.path.length > 1 ? ` at ${issue.path.slice(1).join('.')}` : '';
    if (issue.code === 'unrecognized_keys')
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(toKebab).join(', ')}${file ? ` in ${file}` : ''}`;
    return `${where}${path}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
}

function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError(`config file ${file} must be a mapping of keys to values`);
  return doc as Record<string, unknown>;
}
