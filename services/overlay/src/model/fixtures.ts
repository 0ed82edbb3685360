import type { Member, OverlayState } from './types.ts';

/** Valid-looking keys and a three-member network for unit tests of the model and planner. */
export const KEYS = [
  'hBKoXBsTQ8QbP1I3Z1q0fHkYgJwz2Xz3rJmZk8Zb0UE=',
  'Y1pL0bZcM2Jk7u3V9dFq8tH6rW4xN5sA0eGiKoPlT3A=',
  'q9Wm3RzT6yU1iO4pA7sD0fG2hJ5kL8zX3cV6bN9mQ1E=',
] as const;

export function member(i: number, over: Partial<Member> = {}): Member {
  return {
    name: `n${i}`,
    publicKey: KEYS[i - 1] ?? KEYS[0],
    address: `10.99.0.${i}/24`,
    tunnelAddress: `10.98.0.${i}/24`,
    endpoint: `192.0.2.${i}:51820`,
    ...over,
  };
}

export function sampleState(members: Member[] = [member(1), member(2), member(3)]): OverlayState {
  return {
    node: 'n1',
    privateKeyFile: '/etc/paddock/overlay.key',
    networks: [
      {
        name: 'lab',
        subnet: '10.99.0.0/24',
        transit: '10.98.0.0/24',
        vni: 42,
        underlayMtu: 1500,
        listenPort: 51820,
        members,
      },
    ],
  };
}
