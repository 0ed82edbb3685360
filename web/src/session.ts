/**
 * The admin token lives in sessionStorage: it survives a reload but not closing the tab, and
 * is never written anywhere a later visitor of this browser profile would find it.
 */
const KEY = 'paddock.admin-token';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function loadToken(store: Store = sessionStorage): string | undefined {
  return store.getItem(KEY) || undefined;
}

export function saveToken(token: string, store: Store = sessionStorage): void {
  store.setItem(KEY, token);
}

export function clearToken(store: Store = sessionStorage): void {
  store.removeItem(KEY);
}

/** People paste tokens with stray spaces, newlines or the "Bearer " prefix copied from a header. */
export function normalizeToken(input: string): string {
  return input.trim().replace(/^Bearer\s+/i, '');
}
