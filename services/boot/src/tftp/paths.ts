/** Where a requested name leads, relative to the served root, or why it was refused. */
export type PathVerdict = { ok: true; relative: string } | { ok: false; reason: string };

/** Long enough for any boot loader path seen in the wild, short of Linux's NAME_MAX games. */
export const MAX_NAME_LENGTH = 1024;

/**
 * Maps a TFTP file name to a path relative to the served root, purely (no file system).
 *
 * - `\` becomes `/`: Windows boot loaders (WDS, bootmgr's `\Boot\BCD`) and PXELINUX builds
 *   from Windows send backslashes; tftpd-hpa users add the remap rule `rg \\ /` for them.
 *   Converting first means `..\..\x` is caught by the `..` rule below.
 * - A leading `/` is stripped: GRUB and many firmwares ask for `/pxelinux.cfg/default`, meaning
 *   "from the TFTP root", as tftpd-hpa's `-s` (chroot) gives. `/etc/passwd` thus names
 *   `<root>/etc/passwd`, never the host's file.
 * - Any `..` segment is refused outright rather than normalised, so no name can climb.
 * - Nothing is percent-decoded: `%2e%2e` is a literal file name, as TFTP has no URL encoding.
 * - NUL and other control characters are refused: they cannot be in a sane boot file name and
 *   a NUL would truncate the path in C libraries below us.
 */
export function resolveRequestPath(name: string, maxLength = MAX_NAME_LENGTH): PathVerdict {
  if (name.length === 0) return { ok: false, reason: 'empty file name' };
  if (name.length > maxLength) return { ok: false, reason: `file name longer than ${maxLength} characters` };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, reason: 'control character in file name' };
  const segments: string[] = [];
  for (const segment of name.replaceAll('\\', '/').split('/')) {
    if (segment === '..') return { ok: false, reason: 'parent directory segment in file name' };
    if (segment === '' || segment === '.') continue;
    segments.push(segment);
  }
  if (segments.length === 0) return { ok: false, reason: 'file name names the root directory' };
  return { ok: true, relative: segments.join('/') };
}
