/**
 * The console's pages. A service page is offered when GetInfo lists a service of its proto
 * package, so a server that runs only DHCP shows Boot as "not offered" rather than erroring.
 */
export interface PageDef {
  path: string;
  label: string;
  /** Proto package whose services the page needs; none for the overview. */
  protoPackage?: string;
}

export const PAGES: PageDef[] = [
  { path: '/', label: 'Overview' },
  { path: '/dhcp', label: 'DHCP', protoPackage: 'paddock.dhcp.v1' },
  { path: '/boot', label: 'Boot', protoPackage: 'paddock.boot.v1' },
  { path: '/scanner', label: 'Scanner', protoPackage: 'paddock.scanner.v1' },
  { path: '/inventory', label: 'Inventory', protoPackage: 'paddock.inventory.v1' },
  { path: '/build', label: 'Builds', protoPackage: 'paddock.build.v1' },
  { path: '/keys', label: 'Keys', protoPackage: 'paddock.keys.v1' },
  { path: '/overlay', label: 'Overlay', protoPackage: 'paddock.overlay.v1' },
  { path: '/cluster', label: 'Cluster', protoPackage: 'paddock.cluster.v1' },
  { path: '/deploy', label: 'Deployments', protoPackage: 'paddock.deploy.v1' },
];

export function isOffered(page: PageDef, services: readonly string[]): boolean {
  const pkg = page.protoPackage;
  return pkg === undefined || services.some((s) => s.startsWith(`${pkg}.`));
}

export function findPage(path: string): PageDef | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return PAGES.find((p) => p.path === clean);
}
