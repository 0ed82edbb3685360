import { isOffered, PAGES } from '../pages.ts';

interface Props {
  path: string;
  services: readonly string[];
  /** False until GetInfo answered: nothing is marked "not offered" before we know. */
  ready: boolean;
  navigate(path: string): void;
}

export function Nav({ path, services, ready, navigate }: Props) {
  return (
    <nav className="sidenav" aria-label="Services">
      <ul>
        {PAGES.map((p) => {
          const offered = !ready || isOffered(p, services);
          return (
            <li key={p.path}>
              <a
                href={p.path}
                aria-current={p.path === path ? 'page' : undefined}
                className={offered ? undefined : 'unavailable'}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(p.path);
                }}
              >
                {p.label}
                {!offered && <span className="tag">not offered</span>}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
