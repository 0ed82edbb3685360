/**
 * The top-level verbs, each loaded only when run: `paddock --version` and `paddock --help` load
 * none, `paddock dhcp leases` loads the DHCP commands and not the boot server. The names, help
 * terms and descriptions are kept here so the top-level help needs no module
 * (commands.test.ts checks they match the real commands).
 */
import type { Command } from 'commander';

export interface LazyCommand {
  name: string;
  /** How `paddock --help` lists it, e.g. `wake [options] <mac>`. */
  term: string;
  description: string;
  load: () => Promise<Command>;
}

export const COMMANDS: LazyCommand[] = [
  {
    name: 'up',
    term: 'up [options]',
    description: 'run every Paddock service in one process, with the web console',
    load: async () => (await import('./up.ts')).upCommand(),
  },
  {
    name: 'status',
    term: 'status [options]',
    description: 'show a server: its services, addresses, health and uptime',
    load: async () => (await import('./status.ts')).statusCommand(),
  },
  {
    name: 'token',
    term: 'token [options]',
    description: "print the admin token (the console's login) of the server whose data dir this is",
    load: async () => (await import('./token.ts')).tokenCommand(),
  },
  {
    name: 'lab',
    term: 'lab',
    description: 'build and tear down isolated lab networks (network namespaces)',
    load: async () => (await import('@paddock/lab/cli')).labCommand(),
  },
  {
    name: 'scanner',
    term: 'scanner',
    description: 'find, list and port-scan the machines on a LAN',
    load: async () => (await import('./scanner/scanner-command.ts')).scannerCommand(),
  },
  {
    name: 'wake',
    term: 'wake [options] <mac>',
    description: 'wake a machine with Wake-on-LAN and wait until it answers',
    load: async () => (await import('./scanner/wake-command.ts')).wakeCommand(),
  },
  {
    name: 'boot',
    term: 'boot',
    description: 'network boot: TFTP, HTTP, proxyDHCP, boot rules, iPXE scripts, boot events',
    load: async () => (await import('./boot/boot.ts')).bootCommand(),
  },
  {
    name: 'dhcp',
    term: 'dhcp',
    description: 'DHCPv4 server: serve, and manage subnets, reservations and leases',
    load: async () => (await import('./dhcp/command.ts')).dhcpCommand(),
  },
  {
    name: 'inventory',
    term: 'inventory',
    description: 'the list of machines, their power and lifecycle',
    load: async () => (await import('./inventory/serve.ts')).inventoryCommand(),
  },
  {
    name: 'nodes',
    term: 'nodes',
    description: 'the inventory: machines, their lifecycle and power',
    load: async () => (await import('./inventory/nodes.ts')).nodesCommand(),
  },
  {
    name: 'power',
    term: 'power',
    description: 'power a node on or off, or reboot it, through its provider',
    load: async () => (await import('./inventory/power.ts')).powerCommand(),
  },
  {
    name: 'keys',
    term: 'keys',
    description: 'the site authority: bootstrap tokens, node identities, admin and SSH certificates',
    load: async () => (await import('./keys/command.ts')).keysCommand(),
  },
  {
    name: 'overlay',
    term: 'overlay',
    description: 'encrypted layer-2 overlay (WireGuard + VXLAN + a bridge): networks, members, paths, the node agent',
    load: async () => (await import('./overlay/command.ts')).overlayCommand(),
  },
  {
    name: 'deploy',
    term: 'deploy',
    description: 'roll the overlay, etcd and k3s out to hosts over SSH (plans, idempotent, resumable)',
    load: async () => (await import('./deploy/command.ts')).deployCommand(),
  },
  {
    name: 'build',
    term: 'build',
    description: 'build boot artifacts (node image, iPXE, GRUB, ISO) from recipes',
    load: async () => (await import('./build/command.ts')).buildCommand(),
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description: 'run the main job on a lab network of its own: a machine from power-off to ready',
    load: async () => (await import('./demo/demo-command.ts')).demoCommand(),
  },
  {
    name: 'store',
    term: 'store',
    description: "copy a site's records between SQLite and etcd, verified by counts and digests",
    load: async () => (await import('./store/command.ts')).storeCommand(),
  },
  {
    name: 'backup',
    term: 'backup [options]',
    description:
      'write an encrypted, consistent copy of a data dir (databases, keys, certificates), even while serving',
    load: async () => (await import('./backup/backup-command.ts')).backupCommand(),
  },
  {
    name: 'restore',
    term: 'restore [options]',
    description: 'restore a backup into an empty data dir',
    load: async () => (await import('./backup/backup-command.ts')).restoreCommand(),
  },
];
