import { useServerInfo } from '../hooks/use-server-info.ts';
import { findPage, isOffered } from '../pages.ts';
import { useRoute } from '../use-route.ts';
import { BootPage } from './boot/boot-page.tsx';
import { BuildPage } from './build/build-page.tsx';
import { ClusterPage } from './cluster/cluster-page.tsx';
import { DeployPage } from './deploy/deploy-page.tsx';
import { DhcpPage } from './dhcp/dhcp-page.tsx';
import { InventoryPage } from './inventory/inventory-page.tsx';
import { KeysPage } from './keys/keys-page.tsx';
import { Nav } from './nav.tsx';
import { NotOfferedPage } from './not-offered-page.tsx';
import { OverlayPage } from './overlay/overlay-page.tsx';
import { OverviewPage } from './overview-page.tsx';
import { ScannerPage } from './scanner/scanner-page.tsx';

/** The signed-in console: header, navigation by service, and the current page. */
export function Shell({ onLogout }: { onLogout(): void }) {
  const info = useServerInfo();
  const [path, navigate] = useRoute();
  const services = info.kind === 'ready' ? info.info.services : [];
  const page = findPage(path);
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" /> Paddock
        </span>
        {info.kind === 'ready' && (
          <span className="topbar-server" title={info.info.grpcAddress}>
            {info.info.name} · {info.info.hostname}
          </span>
        )}
        <button type="button" className="ghost" onClick={onLogout}>
          Sign out
        </button>
      </header>
      <Nav path={page?.path ?? path} services={services} ready={info.kind === 'ready'} navigate={navigate} />
      <main className="content">
        {info.kind === 'failed' && (
          <p role="alert" className="error">
            Could not load server info: {info.error}
          </p>
        )}
        {!page && <h1>No page at {path}</h1>}
        {page?.path === '/' && <OverviewPage info={info.kind === 'ready' ? info.info : undefined} />}
        {page?.path === '/inventory' && info.kind === 'ready' && isOffered(page, services) && <InventoryPage />}
        {page?.path === '/scanner' && info.kind === 'ready' && isOffered(page, services) && <ScannerPage />}
        {page?.path === '/dhcp' && info.kind === 'ready' && isOffered(page, services) && <DhcpPage />}
        {page?.path === '/boot' && info.kind === 'ready' && isOffered(page, services) && <BootPage />}
        {page?.path === '/build' && info.kind === 'ready' && isOffered(page, services) && <BuildPage />}
        {page?.path === '/keys' && info.kind === 'ready' && isOffered(page, services) && <KeysPage />}
        {page?.path === '/overlay' && info.kind === 'ready' && isOffered(page, services) && <OverlayPage />}
        {page?.path === '/cluster' && info.kind === 'ready' && isOffered(page, services) && <ClusterPage />}
        {page?.path === '/deploy' && info.kind === 'ready' && isOffered(page, services) && <DeployPage />}
        {page &&
          page.path !== '/' &&
          info.kind === 'ready' &&
          !(
            ['/inventory', '/scanner', '/dhcp', '/boot', '/build', '/keys', '/overlay', '/cluster', '/deploy'].includes(
              page.path,
            ) && isOffered(page, services)
          ) && <NotOfferedPage page={page} offered={isOffered(page, services)} />}
      </main>
    </div>
  );
}
