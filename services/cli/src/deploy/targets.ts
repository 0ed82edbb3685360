import type { Target } from '@paddock/deployers';
import { PaddockError } from '@paddock/runtime';

/** `--host NAME=ADDRESS[:PORT]` (repeated) into targets; user root unless `USER@ADDRESS`. Pure. */
export function parseHosts(specs: readonly string[]): Target[] {
  if (specs.length === 0)
    throw new PaddockError('invalidArgument', 'no hosts: give --host NAME=ADDRESS[:PORT] at least once');
  const seen = new Set<string>();
  return specs.map((spec) => {
    const m =
      /^([a-z0-9][a-z0-9-]{0,62})=(?:([a-z_][a-z0-9_-]*)@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(
        spec,
      );
    if (!m) throw new PaddockError('invalidArgument', `--host ${spec}: expected NAME=[USER@]ADDRESS[:PORT]`);
    const [, name = '', user, address = '', port] = m;
    if (seen.has(name)) throw new PaddockError('invalidArgument', `--host ${name} given twice`);
    seen.add(name);
    const t: Target = { name, address: address.replace(/^\[|\]$/g, '') };
    if (port) t.port = Number(port);
    if (user) t.user = user;
    return t;
  });
}
