import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseToken } from '@paddock/keys';
import { Certificate, Token } from '@paddock/proto/keys/v1/keys.ts';
import { invalidArgument } from '@paddock/runtime';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { formatDuration, printJson, printTable } from '../output.ts';
import { caVerbs } from './ca-command.ts';
import { withKeys, withNodeKeys } from './client.ts';
import { joinVerb } from './join-command.ts';
import { writeNodeFiles } from './node-files.ts';
import { keysServeCommand } from './serve.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const readText = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw invalidArgument(`cannot read ${file}: ${(err as Error).message}`);
  }
};
const when = (ms: bigint) => (ms === 0n ? '-' : new Date(Number(ms)).toISOString().replace(/\.\d+Z$/, 'Z'));
const left = (ms: bigint) => (Number(ms) < Date.now() ? 'expired' : `in ${formatDuration(Number(ms) - Date.now())}`);

type Flags = ClientFlags & Record<string, unknown>;
const newRequest = async (name: string) => (await import('./key-request.ts')).makeRequest(name);

/** `paddock keys …`: tokens, enrolment, certificates, SSH certificates and the authorities. */
export function keysCommand(): Command {
  const cmd = new Command('keys').description(
    'the site authority: bootstrap tokens, node identities, admin and SSH certificates',
  );
  keysServeCommand(cmd.command('serve'));
  const sub = (name: string, description: string) => withClientOptions(cmd.command(name).description(description));

  sub('token', 'make a single-use bootstrap token bound to one node')
    .argument('<node>', 'the node the token is for')
    .option('--address <addr>', 'an address to put in the node certificate; repeat for more', collect)
    .option('--ttl <seconds>', 'lifetime (default 3600)')
    .action((node: string, f: Flags & { address?: string[]; ttl?: string }) =>
      withKeys(f, async (c) => {
        const r = await c.createToken({ node, addresses: f.address ?? [], ttlSeconds: Number(f.ttl ?? 0) });
        if (f.json) return printJson({ token: r.token, info: r.info && Token.toJSON(r.info) });
        process.stdout.write(`${r.token}\n`);
      }),
    );

  sub('tokens', 'list bootstrap tokens (never their secret)').action((f: Flags) =>
    withKeys(f, async (c) => {
      const { tokens } = await c.listTokens({});
      if (f.json) return printJson(tokens.map((t) => Token.toJSON(t)));
      printTable(
        ['ID', 'NODE', 'STATE', 'EXPIRES', 'USED', 'OUTCOME'],
        tokens.map((t) => [t.id, t.node, t.state, when(t.expiresAtUnixMs), when(t.usedAtUnixMs), t.outcome]),
      );
    }),
  );

  sub('certs', 'list issued certificates with their expiry').action((f: Flags) =>
    withKeys(f, async (c) => {
      const { certificates } = await c.listCertificates({});
      if (f.json) return printJson(certificates.map((x) => Certificate.toJSON(x)));
      printTable(
        ['SERIAL', 'KIND', 'ROLE', 'SUBJECT', 'EXPIRES', 'REVOKED'],
        certificates.map((x) => [x.serial, x.kind, x.role, x.subject, left(x.notAfterUnixMs), when(x.revokedAtUnixMs)]),
      );
    }),
  );

  sub('revoke', 'revoke a certificate by serial, or every certificate and token of a node')
    .argument('<serial-or-node>')
    .option('--reason <text>', 'why, for the record')
    .action((target: string, f: Flags & { reason?: string }) =>
      withKeys(f, async (c) => {
        const r = await c.revoke({ target, reason: f.reason ?? '' });
        if (f.json) return printJson(r);
        process.stdout.write(`revoked ${r.serials.length} certificate(s) and ${r.tokens} token(s)\n`);
      }),
    );

  sub('ssh', 'sign a short-lived SSH user certificate for a public key')
    .argument('<public-key-file>', 'e.g. ~/.ssh/id_ed25519.pub; the certificate goes beside it as -cert.pub')
    .requiredOption('--principal <user>', 'login name the certificate is valid for; repeat for more', collect)
    .option('--ttl <seconds>', 'lifetime (default and maximum: the server setting, 8 h)')
    .option('--stdout', 'print the certificate instead of writing it')
    .action((file: string, f: Flags & { principal: string[]; ttl?: string; stdout?: boolean }) =>
      withKeys(f, async (c) => {
        const r = await c.issueSshUserCertificate({
          publicKey: readText(file),
          principals: f.principal,
          keyId: `${f.principal.join(',')}@paddock`,
          ttlSeconds: Number(f.ttl ?? 0),
        });
        if (f.json) return printJson(r);
        if (f.stdout) {
          process.stdout.write(`${r.certificate}\n`);
          return;
        }
        const out = `${file.replace(/\.pub$/, '')}-cert.pub`;
        writeFileSync(out, `${r.certificate}\n`, { mode: 0o644 });
        process.stdout.write(`${out} (serial ${r.serial}, ${left(r.notAfterUnixMs)})\n`);
      }),
    );

  sub('admin-cert', 'make a key here and get a short-lived admin client certificate for it')
    .option('--name <name>', 'who the certificate names', 'admin')
    .option('--out <dir>', 'where to write admin.key, admin.crt and ca.crt', '.')
    .action((f: Flags & { name: string; out: string }) =>
      withKeys(f, async (c) => {
        const req = await newRequest(f.name);
        const r = await c.issueAdminCertificate({ name: f.name, csrPem: req.csrPem });
        const files = writeNodeFiles(f.out, req.keyPem, {
          node: f.name,
          identityPem: r.certificatePem,
          serial: r.serial,
          notAfterUnixMs: r.notAfterUnixMs,
          caBundlePem: r.caBundlePem,
          sshHostCertificate: '',
          sshUserCaKey: '',
          sshHostCaKey: '',
        });
        if (f.json) return printJson({ serial: r.serial, notAfterUnixMs: r.notAfterUnixMs, files });
        process.stdout.write(`${files.join('\n')}\n(serial ${r.serial}, ${left(r.notAfterUnixMs)})\n`);
      }),
    );

  const ca = sub('ca', 'print the CA bundle and the SSH CA keys (and the revoked SSH keys)')
    .option('--revoked-ssh <user|host>', 'print only the public keys of revoked SSH certificates, for RevokedKeys')
    .action((f: Flags & { revokedSsh?: string }) =>
      withKeys(f, async (c) => {
        const a = await c.getAuthorities({});
        if (f.json) return printJson(a);
        if (f.revokedSsh) {
          const keys = f.revokedSsh === 'host' ? a.revokedSshHostKeys : a.revokedSshUserKeys;
          process.stdout.write(keys.map((k) => `${k}\n`).join(''));
          return;
        }
        process.stdout.write(
          `${a.caBundlePem}# ssh host CA (@cert-authority)\n${a.sshHostCaKey}\n# ssh user CA (TrustedUserCAKeys)\n${a.sshUserCaKey}\n`,
        );
      }),
    );

  caVerbs(ca);
  joinVerb(sub);
  nodeVerbs(cmd);
  return cmd;
}

/** The node's side: enrol with a token, renew with the current identity. */
function nodeVerbs(cmd: Command): void {
  cmd
    .command('enroll')
    .description('enrol this machine: make its key here, prove the token once, write the credentials')
    .requiredOption('--token <token>', 'the bootstrap token (PADDOCK_BOOTSTRAP_TOKEN)')
    .requiredOption('--name <node>', "this node's name, as the token names it")
    .requiredOption('--server <host:port>', "the keys service's gRPC address")
    .requiredOption('--ca <file>', 'the CA to trust for the server')
    .option('--ssh-host-key <file>', 'SSH host public key to certify', '/etc/ssh/ssh_host_ed25519_key.pub')
    .option('--out <dir>', 'where to write the credentials', '/etc/paddock')
    .option('--json', 'print JSON')
    .action(
      async (f: {
        token: string;
        name: string;
        server: string;
        ca: string;
        sshHostKey: string;
        out: string;
        json?: boolean;
      }) => {
        // A mistyped or truncated token is caught here, before any network call.
        const t = parseToken(f.token);
        if (!t.ok) throw invalidArgument(t.reason);
        const req = await newRequest(f.name);
        const ssh = f.sshHostKey ? readText(f.sshHostKey) : '';
        const r = await withNodeKeys({ server: f.server, ca: f.ca }, (c) =>
          c.enroll({ token: f.token, csrPem: req.csrPem, sshHostPublicKey: ssh }),
        );
        const files = writeNodeFiles(f.out, req.keyPem, r.credentials!);
        if (f.json) return printJson({ serial: r.credentials?.serial, files });
        process.stdout.write(`enrolled ${f.name}: ${files.join(' ')}\n`);
      },
    );

  cmd
    .command('renew')
    .description("renew this node's identity with its current one (before it expires)")
    .requiredOption('--name <node>', "this node's name")
    .requiredOption('--server <host:port>', "the keys service's gRPC address")
    .option('--ssh-host-key <file>', 'SSH host public key to certify again', '/etc/ssh/ssh_host_ed25519_key.pub')
    .option('--dir <dir>', 'where the credentials are', '/etc/paddock')
    .option('--json', 'print JSON')
    .action(async (f: { name: string; server: string; sshHostKey: string; dir: string; json?: boolean }) => {
      const req = await newRequest(f.name);
      const ssh = f.sshHostKey ? readText(f.sshHostKey) : '';
      const cert = { certFile: join(f.dir, 'identity.crt'), keyFile: join(f.dir, 'identity.key') };
      const r = await withNodeKeys({ server: f.server, ca: join(f.dir, 'ca.crt'), cert }, (c) =>
        c.renew({ csrPem: req.csrPem, sshHostPublicKey: ssh }),
      );
      const files = writeNodeFiles(f.dir, req.keyPem, r.credentials!);
      if (f.json) return printJson({ serial: r.credentials?.serial, files });
      process.stdout.write(`renewed ${f.name}: serial ${r.credentials?.serial}\n`);
    });
}
