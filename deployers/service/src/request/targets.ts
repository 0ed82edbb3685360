import type { Target } from '@paddock/deployers';
import { PaddockError } from '@paddock/runtime';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const USER = /^[a-z_][a-z0-9_-]*$/;
// Host names and IP literals only: an address reaches ssh's argv, so nothing that could be an option.
const ADDRESS = /^([A-Za-z0-9][A-Za-z0-9.-]*|[0-9a-fA-F:]+)$/;

/** `--host NAME=ADDRESS[:PORT]` (repeated) into targets; user root unless `USER@ADDRESS`. Pure. */
export function parseHosts(specs: readonly string[]): Target[] {
  if (specs.length === 0)
    throw new PaddockError('invalidArgument', 'no hosts: give --host NAME=ADDRESS[:PORT] at least once');
  return checkTargets(
    specs.map((spec) => {
      const m =
        /^([a-z0-9][a-z0-9-]{0,62})=(?:([a-z_][a-z0-9_-]*)@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(
          spec,
        );
      if (!m) throw new PaddockError('invalidArgument', `--host ${spec}: expected NAME=[USER@]ADDRESS[:PORT]`);
      const [, name = '', user, address = '', port] = m;
      const t: Target = { name, address: address.replace(/^\[|\]$/g, '') };
      if (port) t.port = Number(port);
      if (user) t.user = user;
      return t;
    }),
  );
}

/** Targets from an API caller (or resolved from the inventory): the same rules as --host. Pure. */
export function checkTargets(targets: readonly Target[]): Target[] {
  const seen = new Set<string>();
  for (const t of targets) {
    const what = `host ${JSON.stringify(t.name)}`;
    if (!NAME.test(t.name))
      throw new PaddockError('invalidArgument', `${what}: a name is lower-case letters, digits and -`);
    if (!ADDRESS.test(t.address))
      throw new PaddockError('invalidArgument', `${what}: ${JSON.stringify(t.address)} is not a host name or address`);
    if (t.port !== undefined && (!Number.isInteger(t.port) || t.port < 1 || t.port > 65_535))
      throw new PaddockError('invalidArgument', `${what}: port ${t.port} is out of range`);
    if (t.user !== undefined && !USER.test(t.user))
      throw new PaddockError('invalidArgument', `${what}: ${JSON.stringify(t.user)} is not a login name`);
    if (seen.has(t.name)) throw new PaddockError('invalidArgument', `--host ${t.name} given twice`);
    seen.add(t.name);
  }
  return [...targets];
}
