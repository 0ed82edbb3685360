import type { Link, Member, Network, Path, TopologyItem } from '@paddock/proto/overlay/v1/overlay.ts';

/** What a topology item is, as the key it is stored and mirrored under. */
export function itemKey(item: TopologyItem): string {
  const i = item.item;
  switch (i?.$case) {
    case 'network':
      return `n/${i.value.name}`;
    case 'member':
      return `m/${i.value.network}/${i.value.name}`;
    case 'link':
      return `l/${i.value.network}/${i.value.from}/${i.value.to}`;
    case 'path':
      return `p/${i.value.network}/${i.value.a}/${i.value.b}`;
    default:
      return 'x/';
  }
}

/** The network an item belongs to. */
export function itemNetwork(item: TopologyItem): string {
  const i = item.item;
  if (!i) return '';
  return i.$case === 'network' ? i.value.name : i.value.network;
}

export const networkItem = (value: Network, deleted = false): TopologyItem => ({
  item: { $case: 'network', value },
  deleted,
});
export const memberItem = (value: Member, deleted = false): TopologyItem => ({
  item: { $case: 'member', value },
  deleted,
});
export const linkItem = (value: Link, deleted = false): TopologyItem => ({ item: { $case: 'link', value }, deleted });
export const pathItem = (value: Path, deleted = false): TopologyItem => ({ item: { $case: 'path', value }, deleted });
