/**
 * Escaping for values put into iPXE scripts. iPXE splits a line into words at whitespace,
 * expands `${name}` settings, honours quotes and backslashes, starts comments with `#`, and
 * treats the whole words `||`, `&&` and `;` as operators (iPXE docs, "Scripting"). A value that
 * carried any of those could add a command or read another setting. Every character outside a
 * small safe set is therefore percent-encoded as UTF-8: URLs (the usual place values go) stay
 * valid and unchanged, MACs and addresses pass as they are, and nothing a value holds can
 * become syntax. A lone `&` between two other characters is kept, so a URL's query survives;
 * it can never form the word `&&`.
 */
const SAFE = /[A-Za-z0-9._~:/?=%+,@-]/;
const encoder = new TextEncoder();

const percent = (ch: string) =>
  Array.from(encoder.encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

export function escapeIpxe(value: unknown): string {
  const chars = Array.from(value === undefined || value === null ? '' : String(value));
  let out = '';
  for (const [i, ch] of chars.entries()) {
    if (SAFE.test(ch)) out += ch;
    else if (ch === '&' && i > 0 && i < chars.length - 1 && chars[i - 1] !== '&' && chars[i + 1] !== '&') out += ch;
    else out += percent(ch);
  }
  return out;
}
