/**
 * The node image's contents from its unpacked inputs: the kernel, its NIC modules in load
 * order, the programs with every shared library they load (read from their ELF headers, not
 * from the host), the init and its configuration. Deterministic: sorted entries, no host state.
 */
import { join } from 'node:path';
import {
  type CpioEntry,
  type DebInput,
  elfNeeds,
  loadOrder,
  modinfoValues,
  modprobeIndex,
  parseModulesDep,
  parseSoftdeps,
  withSoftdeps,
} from '@paddock/builders';
import { HARDWARE_SCRIPT } from './hardware-script.ts';
import { AGENT_PORT, agent, DHCP_SCRIPT, initScript, SSHD_CONFIG } from './init-script.ts';
import { PHONE_HOME_SCRIPT } from './phone-home-script.ts';
import {
  ARCHES,
  CLUSTER_LIBRARIES,
  CLUSTER_MODULES,
  CLUSTER_PROGRAMS,
  CLUSTER_TREES,
  DISK_MODULES,
  NIC_MODULES,
  type NodeImageParams,
  PROGRAMS,
} from './recipe.ts';
import { filesUnder, libraryIndex, MissingFileError, parentDirs, readInRoot } from './root-files.ts';

export interface NodeImageTree {
  kernelVersion: string;
  vmlinuz: Buffer;
  entries: CpioEntry[];
  modules: string[];
  libraries: string[];
}

export function nodeImageTree(inputs: readonly DebInput[], kernel: DebInput, p: NodeImageParams): NodeImageTree {
  const arch = ARCHES[p.arch];
  const LIBDIR = arch.libDir;
  const files = new Map<string, CpioEntry>();
  const add = (e: CpioEntry) => files.set(e.path, e);
  const pkg = (name: string) => {
    const found = inputs.find((i) => i.name === name);
    if (!found) throw new MissingFileError(`input package ${name} was not fetched`);
    return found;
  };

  // Programs, then the closure of the libraries they (and those libraries) need.
  const index = libraryIndex(
    inputs.map((i) => i.root),
    [LIBDIR, `usr/${LIBDIR}`],
  );
  const pending: [string, Buffer][] = [];
  const cluster = p.profile === 'cluster';
  for (const [name, [from, src, to]] of Object.entries({ ...PROGRAMS, ...(cluster ? CLUSTER_PROGRAMS : {}) })) {
    const data = readInRoot(pkg(from).root, src);
    add({ path: to, type: 'file', mode: name.endsWith('.cnf') ? 0o644 : 0o755, data });
    pending.push([to, data]);
  }
  // Folders whose extension modules need libraries too (Python's lib-dynload).
  for (const [from, dir] of cluster ? CLUSTER_TREES : []) {
    for (const [path, data] of filesUnder(pkg(from).root, dir)) {
      const so = path.endsWith('.so');
      add({ path, type: 'file', mode: so ? 0o755 : 0o644, data });
      if (so) pending.push([path, data]);
    }
  }
  const libraries: string[] = [];
  const need = (who: string, soname: string) => {
    const path = `${LIBDIR}/${soname}`;
    if (files.has(path)) return;
    const where = index.get(soname);
    if (!where) throw new MissingFileError(`${who} needs ${soname}, which no input package has`);
    const lib = readInRoot(...where);
    add({ path, type: 'file', mode: 0o755, data: lib });
    libraries.push(soname);
    pending.push([path, lib]);
  };
  // The pushed Node.js runtime's libraries, as if a program of the image needed them.
  for (const soname of cluster ? CLUSTER_LIBRARIES : []) need('the pushed Node.js', soname);
  while (pending.length > 0) {
    const [who, data] = pending.pop()!;
    const needs = elfNeeds(data);
    if (!needs) continue;
    for (const soname of [...needs.needed, ...(needs.interpreter ? [needs.interpreter.split('/').pop()!] : [])])
      need(who, soname);
  }
  // Programs name their loader by an absolute path (PT_INTERP): put it there.
  add({ path: arch.loader, type: 'symlink', data: `/${LIBDIR}/${arch.loader.split('/').pop()}` });

  // NIC drivers and what they need, in the order modules.dep gives.
  const kernelVersion = kernel.name.replace(/^linux-image-/, '');
  const modDir = join('lib/modules', kernelVersion);
  const builtin = readInRoot(kernel.root, join(modDir, 'modules.builtin')).toString().split('\n');
  const wanted = [
    ...NIC_MODULES,
    ...arch.nics,
    ...DISK_MODULES,
    ...(cluster ? CLUSTER_MODULES : []),
    ...p.extraModules,
  ];
  // Each module file is read once: for its soft dependencies, then into the image.
  const moduleFiles = new Map<string, Buffer>();
  const moduleFile = (m: string) => {
    const data = moduleFiles.get(m) ?? readInRoot(kernel.root, join(modDir, m));
    moduleFiles.set(m, data);
    return data;
  };
  // With their soft dependencies (r8169's PHY driver): busybox modprobe reads modules.dep only.
  const deps = withSoftdeps(
    parseModulesDep(readInRoot(kernel.root, join(modDir, 'modules.dep')).toString()),
    wanted,
    builtin,
    (m) => parseSoftdeps(modinfoValues(moduleFile(m), 'softdep')),
  );
  const modules = loadOrder(deps, wanted, builtin);
  for (const m of modules) add({ path: `lib/modules/${m.split('/').pop()}`, type: 'file', data: moduleFile(m) });
  // busybox modprobe looks in /lib/modules/`uname -r`: the flat folder is that too.
  const aliases = readInRoot(kernel.root, join(modDir, 'modules.alias')).toString();
  const modprobe = modprobeIndex(deps, modules, aliases);
  add({ path: `lib/modules/${kernelVersion}`, type: 'symlink', data: '.' });
  add({ path: 'lib/modules/modules.dep', type: 'file', mode: 0o644, data: modprobe.dep });
  add({ path: 'lib/modules/modules.alias', type: 'file', mode: 0o644, data: modprobe.alias });

  const text = (path: string, data: string, mode = 0o644) => add({ path, type: 'file', mode, data });
  text('init', initScript(arch.console), 0o755);
  add({ path: 'bin/sh', type: 'symlink', data: 'busybox' });
  text('etc/paddock/modules', modules.map((m) => `${m.split('/').pop()}\n`).join(''));
  text('etc/paddock/dhcp-script', DHCP_SCRIPT, 0o755);
  text('etc/paddock/hardware', HARDWARE_SCRIPT, 0o755);
  text('etc/paddock/phone-home', PHONE_HOME_SCRIPT, 0o755);
  if (p.enrolScript) text('etc/paddock/enrol', p.enrolScript, 0o755);
  text('etc/paddock/agent-port', `${AGENT_PORT}\n`);
  // sshd drops privileges to `sshd` before it reads anything a client sent.
  text('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nsshd:x:100:65534::/run/sshd:/bin/false\n');
  text('etc/group', 'root:x:0:\nnogroup:x:65534:\n');
  text('etc/ssh/sshd_config', SSHD_CONFIG);
  text('etc/shells', '/bin/sh\n');
  text('root/.ssh/authorized_keys', p.authorizedKeys.map((k) => `${k}\n`).join(''), 0o600);
  text('www/cgi-bin/poweroff', agent('poweroff'), 0o755);
  text('www/cgi-bin/reboot', agent('reboot'), 0o755);
  for (const d of ['proc', 'sys', 'dev', 'run', 'tmp', 'var', 'usr/bin', 'usr/sbin', 'sbin'])
    add({ path: d, type: 'dir' });
  add({ path: 'root', type: 'dir', mode: 0o700 });
  add({ path: 'root/.ssh', type: 'dir', mode: 0o700 });
  add({ path: 'tmp', type: 'dir', mode: 0o1777 });
  for (const path of [...files.keys()])
    for (const d of parentDirs(path)) if (!files.has(d)) add({ path: d, type: 'dir' });

  const entries = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const vmlinuz = readInRoot(kernel.root, `boot/vmlinuz-${kernelVersion}`);
  return { kernelVersion, vmlinuz, entries, modules, libraries: libraries.sort() };
}
