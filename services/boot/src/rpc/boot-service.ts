import { createReadStream } from 'node:fs';
import { BootServiceDefinition, FileAccess, type UploadFileRequest } from '@paddock/proto/boot/v1/boot.ts';
import { fromRevisionOf, invalidArgument, service, watch } from '@paddock/runtime';
import { isMac } from '@paddock/wire';
import { decide } from '../answer.ts';
import type { EventsPart, FilesPart, NodesPart, ReachPart, RulesPart } from '../parts.ts';
import { clientFor } from '../provider.ts';
import { selectionReason, skippedRules } from '../rules/explain.ts';
import { scriptForClient } from '../script/for-client.ts';
import { PEER_FETCH_HEADER } from '../store/peer-bytes.ts';
import { accessFromPb, eventToPb, fileToPb, ruleFromPb, ruleToPb } from './convert.ts';

/** Download chunks: well under gRPC's 4 MiB default message limit. */
const CHUNK = 256 * 1024;

/** Splits an upload stream into its header and its content chunks. */
async function* contentOf(requests: AsyncIterator<UploadFileRequest>): AsyncGenerator<Uint8Array> {
  for (let r = await requests.next(); !r.done; r = await requests.next()) {
    const part = r.value.part;
    if (part?.$case !== 'chunk') throw invalidArgument('after the header, an upload carries only chunks');
    yield part.value;
  }
}

function normaliseMac(mac: string): string {
  const m = mac.trim().toLowerCase().replaceAll('-', ':');
  if (!isMac(m)) throw invalidArgument(`not a MAC address: ${JSON.stringify(mac)}`);
  return m;
}

/** paddock.boot.v1.BootService over the stores; every check lives in the stores and rules. */
export function bootService(deps: FilesPart & RulesPart & EventsPart & ReachPart & NodesPart) {
  return service(BootServiceDefinition, {
    listFiles: (req) => ({ files: deps.files.list(req.prefix).map(fileToPb) }),

    async uploadFile(requests) {
      const it = requests[Symbol.asyncIterator]();
      const first = await it.next();
      const header = first.done ? undefined : first.value.part;
      if (header?.$case !== 'header') throw invalidArgument('an upload starts with a header naming the file');
      const h = header.value;
      const access = h.access === FileAccess.FILE_ACCESS_UNSPECIFIED ? 'public' : accessFromPb(h.access);
      if (!access) throw invalidArgument(`unknown access ${h.access}`);
      const file = await deps.files.write(
        { name: h.name, access, nodeMac: h.nodeMac, sha256: h.sha256 },
        contentOf(it),
      );
      return { file: fileToPb(file) };
    },

    async *downloadFile(req, ctx) {
      // Checked before the header goes out: a missing blob is a clear not found, not a broken stream.
      // A peer fetching bytes gets what is here: two servers lacking a file never wait on each other.
      const f = await deps.files.withBytes(req.name, ctx.metadata.get(PEER_FETCH_HEADER).length === 0);
      yield { part: { $case: 'file', value: fileToPb(f) } };
      for await (const chunk of createReadStream(deps.files.blobPath(f), {
        highWaterMark: CHUNK,
        signal: ctx.signal,
      })) {
        yield { part: { $case: 'chunk', value: chunk as Buffer } };
      }
    },

    updateFile(req) {
      const access = req.access === FileAccess.FILE_ACCESS_UNSPECIFIED ? undefined : accessFromPb(req.access);
      const file = deps.files.update(req.name, { newName: req.newName, access, nodeMac: req.nodeMac });
      return { file: fileToPb(file) };
    },

    async deleteFile(req) {
      await deps.files.delete(req.name);
      return {};
    },

    listRules: () => ({ rules: deps.config.rules().map(ruleToPb) }),
    putRule(req) {
      if (!req.rule) throw invalidArgument('rule is required');
      return { rule: ruleToPb(deps.config.putRule(ruleFromPb(req.rule))) };
    },
    deleteRule(req) {
      deps.config.deleteRule(req.name);
      return {};
    },

    listScripts: () => ({ scripts: deps.config.scripts() }),
    putScript(req) {
      if (!req.script) throw invalidArgument('script is required');
      return { script: deps.config.putScript(req.script) };
    },
    deleteScript(req) {
      deps.config.deleteScript(req.name);
      return {};
    },

    previewBoot(req) {
      const mac = normaliseMac(req.mac);
      // As the DHCP service would ask: the inventory's labels and boot rule for this MAC.
      const client = clientFor(deps, {
        mac,
        arch: req.arch,
        userClasses: req.userClass ? req.userClass.split(',') : undefined,
        vendorClass: req.vendorClass || undefined,
        ip: req.ip || undefined,
      });
      const rules = deps.config.rules();
      const decision = decide(rules, client, { urls: deps.urls, tftpAddress: deps.tftpAddress });
      const { rule, answer } = decision;
      const script = client.ipxe && rule?.action.kind === 'script' ? scriptForClient(deps, client).text : '';
      return {
        rule: rule?.name ?? '',
        nextServer: answer?.kind === 'tftp' ? (answer.nextServer ?? '') : '',
        bootFile: answer?.kind === 'tftp' ? answer.bootFile : '',
        httpUrl: answer?.kind === 'http' ? answer.httpUrl : '',
        script,
        ignored: answer === undefined,
        reason: selectionReason(rules, decision, client),
        // The inventory's rule is taken outright: no rule was passed over for it.
        skipped: decision.inventory === 'used' ? [] : skippedRules(rules, client, rule),
      };
    },

    async *watchEvents(req, ctx) {
      const mac = req.mac ? normaliseMac(req.mac) : '';
      for await (const e of watch(deps.events.source(mac), { fromRevision: fromRevisionOf(req), signal: ctx.signal })) {
        const event = e.snapshot ?? e.change;
        yield { watch: e.watch, event: event && eventToPb(event) };
      }
    },
  });
}
