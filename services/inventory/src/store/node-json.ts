import type { Node } from '../model/node.ts';

/** A node as stored: JSON without its revision (that is a column of its own). */
export function toDoc(node: Node): string {
  const { revision: _revision, ...rest } = node;
  return JSON.stringify(rest);
}

export function fromDoc(doc: string, revision: bigint): Node {
  return { ...(JSON.parse(doc) as Omit<Node, 'revision'>), revision };
}
