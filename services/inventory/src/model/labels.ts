/**
 * Labels as Kubernetes defines them (so selectors read the same to people who know kubectl):
 * a key is an optional DNS-subdomain prefix and "/", then a name of 1-63 characters; a value is
 * empty or 1-63 characters. Names and values start and end alphanumeric, with [-_.] inside.
 */

const SEGMENT = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !prefix.split('.').every((l) => DNS_LABEL.test(l))))
    return `label key ${JSON.stringify(key)}: the prefix before "/" must be a DNS subdomain`;
  if (!SEGMENT.test(name))
    return `label key ${JSON.stringify(key)}: the name must be 1-63 of A-Z, a-z, 0-9, "-", "_", ".", starting and ending alphanumeric`;
  return undefined;
}

export function checkLabelValue(key: string, value: string): string | undefined {
  if (value === '' || SEGMENT.test(value)) return undefined;
  return `label ${key}: value ${JSON.stringify(value)} must be empty or 1-63 of A-Z, a-z, 0-9, "-", "_", ".", starting and ending alphanumeric`;
}

/** The first problem with a set of labels, or undefined when every one is valid. */
export function checkLabels(labels: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(labels)) {
    const problem = checkLabelKey(k) ?? checkLabelValue(k, v);
    if (problem) return problem;
  }
  return undefined;
}
