import Mustache from 'mustache';
import type { NodeEnrolment } from '../parts.ts';
import { escapeIpxe } from './escape.ts';

/**
 * iPXE scripts as Mustache templates with typed inputs. A template may use only the inputs
 * below, always escaped (`{{x}}`); unescaped tags, partials and delimiter changes are refused
 * when the template is saved, so no stored template can emit raw values.
 *
 *   {{node.mac}} {{node.ip}} {{node.name}} {{node.arch}}   the machine
 *   {{server.http}} {{server.tftp}}                       this boot server (http://host:port, address)
 *   {{token}}                                             the machine's per-node token
 *   {{phoneHomeUrl}}                                      signed URL the booted system calls once up
 *   {{enrol.token}} {{enrol.node}}                         the keys service's one-time bootstrap token for the
 *   {{enrol.keysUrl}} {{enrol.caSha256}}                  machine and the name it is bound to, where to enrol,
 *   {{enrol.keysPin}}                                     the CA's fingerprint, the SHA-256 of the public key
 *                                                         its HTTPS port presents (empty without a keys service)
 *   {{labels.KEY}}  {{#labels.KEY}}...{{/labels.KEY}}    inventory labels
 *   {{#file}}NAME{{/file}}                                URL of a public stored file
 *   {{#nodeFile}}NAME{{/nodeFile}}                        signed, expiring URL of this machine's private file
 */
export interface ScriptInputs {
  node: { mac: string; ip: string; name: string; arch: string };
  server: { http: string; tftp: string };
  token: string;
  phoneHomeUrl: string;
  enrol: NodeEnrolment;
  labels: Record<string, string>;
  /** URL of a public file by name. */
  fileUrl(name: string): string;
  /** Signed URL of this node's private file by name. */
  nodeFileUrl(name: string): string;
}

const VALUES = new Set([
  'node.mac',
  'node.ip',
  'node.name',
  'node.arch',
  'server.http',
  'server.tftp',
  'token',
  'phoneHomeUrl',
  'enrol.token',
  'enrol.node',
  'enrol.keysUrl',
  'enrol.caSha256',
  'enrol.keysPin',
]);
const LAMBDAS = new Set(['file', 'nodeFile']);
const isLabel = (name: string) => /^labels\.[A-Za-z0-9_.-]+$/.test(name);

type Token = [string, string, number, number, Token[]?, number?];

function check(tokens: Token[], inLambda: boolean): string | undefined {
  for (const [type, value, , , children] of tokens) {
    if (type === 'text') continue;
    if (inLambda) return `{{${value}}} inside a file section: put the file name there as plain text`;
    if (type === '&' || type === '{') return `{{{${value}}}} is unescaped: use {{${value}}}`;
    if (type === '>') return `partials ({{>${value}}}) are not supported`;
    if (type === '=') return 'changing delimiters is not supported';
    if (type === '!') continue;
    if (type === 'name' && !VALUES.has(value) && !isLabel(value)) return `unknown input {{${value}}}`;
    if (type === '#' || type === '^') {
      if (!LAMBDAS.has(value) && !isLabel(value)) return `unknown section {{#${value}}}`;
      if (type === '^' && LAMBDAS.has(value)) return `{{^${value}}} makes no sense`;
      const inner = check(children ?? [], LAMBDAS.has(value));
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Why a template cannot be stored, or undefined when it is fine. */
export function validateTemplate(body: string): string | undefined {
  if (body.length > 64 * 1024) return 'template longer than 64 KiB';
  if (!/^#!ipxe\s/.test(body)) return 'an iPXE script must start with "#!ipxe"';
  let tokens: Token[];
  try {
    tokens = Mustache.parse(body) as unknown as Token[];
  } catch (err) {
    return `does not parse: ${(err as Error).message}`;
  }
  return check(tokens, false);
}

/** A public file name as it goes into a URL path: each segment percent-encoded. */
export const encodeFileName = (name: string) => name.trim().split('/').map(encodeURIComponent).join('/');

/** Renders a validated template; every value goes through escapeIpxe. */
export function renderTemplate(body: string, inputs: ScriptInputs): string {
  const lambda = (url: (name: string) => string) => () => (text: string) => escapeIpxe(url(text.trim()));
  const view = {
    node: inputs.node,
    server: inputs.server,
    token: inputs.token,
    phoneHomeUrl: inputs.phoneHomeUrl,
    enrol: inputs.enrol,
    labels: inputs.labels,
    file: lambda(inputs.fileUrl),
    nodeFile: lambda(inputs.nodeFileUrl),
  };
  // No caching by body: templates change through the API and Mustache's cache never shrinks.
  Mustache.templateCache = undefined;
  return Mustache.render(body, view, {}, { escape: escapeIpxe });
}
