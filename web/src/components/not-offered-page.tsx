import type { PageDef } from '../pages.ts';

/** A service page whose service this server does not run (or whose page is not built yet). */
export function NotOfferedPage({ page, offered }: { page: PageDef; offered: boolean }) {
  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title">{page.label}</h1>
      {offered ? (
        <p>This server runs {page.label}; its page arrives in a later release.</p>
      ) : (
        <p className="empty">
          {page.label} is not offered by this server. Start it with <code>paddock up</code> or{' '}
          <code>paddock {page.path.slice(1)} serve</code>, or open the console of the server that runs it.
        </p>
      )}
    </section>
  );
}
