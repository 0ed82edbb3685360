/**
 * Why lab tests cannot run here, or undefined when they can. Lab tests need
 * root for network namespaces; they skip only when not root and CI is unset,
 * so a CI runner without root fails loudly instead of passing empty.
 */
export function labSkipReason(): string | undefined {
  if (process.getuid?.() === 0 || process.env['CI']) return undefined;
  const reason = 'lab tests need root (network namespaces); skipped because not root and CI is unset';
  console.warn(reason);
  return reason;
}
