import { invalidArgument, PaddockError } from '@paddock/runtime';

/** Who is calling: a node under its keys-service identity, or an administrator. */
export type Caller = { kind: 'node'; name: string } | { kind: 'admin' };

/** From the runtime's principal: "node:NAME" is a node's identity certificate; anything else let in is an admin. */
export function callerOf(principal: string): Caller {
  return principal.startsWith('node:') ? { kind: 'node', name: principal.slice(5) } : { kind: 'admin' };
}

/**
 * The node a request acts for: a node always acts as itself (naming another is refused, so a
 * node cannot register a key or report links for someone else); an admin must name one.
 */
export function actingNode(caller: Caller, named: string): { node: string } | { refused: PaddockError } {
  if (caller.kind === 'node') {
    if (named !== '' && named !== caller.name)
      return {
        refused: new PaddockError('permissionDenied', `node ${caller.name} may not act for node ${named}`),
      };
    return { node: caller.name };
  }
  if (named === '') return { refused: invalidArgument('an admin must name the node (--node)') };
  return { node: named };
}
