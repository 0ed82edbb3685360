/**
 * The scanner as a runtime module: ScannerService and WakeService, their state in SQLite or the
 * site's etcd, scanning and waking on one interface (none: look-ups and history only).
 */
import type { StoreTarget } from '@paddock/etcd';
import { interfaceInfo } from '@paddock/netio';
import {
  ConfigError,
  type ModuleContext,
  type ModuleFactory,
  type RoleGate,
  type ServiceHandle,
  type ServiceModule,
} from '@paddock/runtime';
import { scannerService } from './api/scanner-service.ts';
import { wakeService } from './api/wake-service.ts';
import { NodeRegistry } from './nodes/node-registry.ts';
import { PortScanRunner } from './ports/port-scan-runner.ts';
import { ScanRunner } from './scan/scan-runner.ts';
import { Scheduler } from './scan/schedule.ts';
import { loadServiceNames } from './services/service-names.ts';
import { EventLog } from './store/event-log.ts';
import { SCANNER_MIGRATIONS } from './store/migrations.ts';
import { openScannerStore } from './store/open-scanner-store.ts';
import { VendorStore } from './vendors/vendor-store.ts';
import { WakeManager } from './wake/wake-manager.ts';

export interface ScannerModuleOptions {
  /** The interface to scan and wake on. */
  interface?: string;
  /** Run every socket in this network namespace (in-process tests). */
  netns?: string;
  /** Where the ieee-data CSVs are (default /usr/share/ieee-data). */
  vendorDir?: string;
  /** Service name files, first wins: IANA's CSV export and/or services(5) files. */
  serviceFiles?: string[];
  /** Seconds between periodic scans; when given, replaces the stored schedule's interval. */
  scanIntervalSeconds?: number;
  /** With several servers on one etcd: periodic scans run only while this holds (the scanner-schedule role). */
  scheduleGate?: RoleGate;
  /** Nodes, open ports and scan, port scan and wake records: in scanner.db (default) or the site's etcd. */
  store?: StoreTarget;
  /** The site id checked under the etcd prefix (default "default"). */
  site?: string;
}

export function createScanner(opts: ScannerModuleOptions = {}): ServiceHandle {
  return { name: 'scanner', factory: scannerFactory(opts) };
}

function scannerFactory(opts: ScannerModuleOptions): ModuleFactory {
  return (ctx: ModuleContext): ServiceModule => {
    if (opts.interface) checkInterface(opts.interface, opts.netns);
    const db = ctx.openDatabase('scanner', { migrations: SCANNER_MIGRATIONS, synchronous: 'NORMAL' });
    const vendors = new VendorStore(ctx.dataDir, opts.vendorDir);
    const services = loadServiceNames(opts.serviceFiles ?? ['/etc/services']);
    const where = { interface: opts.interface, ...(opts.netns !== undefined && { netns: opts.netns }) };
    const state = openScannerStore(opts, db, ctx.log);
    const nodes = new NodeRegistry(state.nodes, new EventLog(db, 'nodes'), () => vendors.db);
    const scans = new ScanRunner({
      ...where,
      registry: nodes,
      records: state.records('scan'),
      log: ctx.log,
      shutdown: ctx.shutdown,
    });
    const ports = new PortScanRunner({
      ...where,
      records: state.records('port-scan', 200),
      log: new EventLog(db, 'ports'),
      registry: nodes,
      services: () => services,
      logger: ctx.log,
      shutdown: ctx.shutdown,
    });
    const wakes = new WakeManager({
      ...where,
      records: state.records('wake'),
      log: new EventLog(db, 'wakes'),
      lastIpOf: (mac) => nodes.lastIpOf(mac),
      logger: ctx.log,
      shutdown: ctx.shutdown,
    });
    const schedule = new Scheduler(db, scans, ctx.log, opts.scheduleGate);
    if (opts.scanIntervalSeconds !== undefined)
      schedule.set({ ...schedule.get(), intervalSeconds: opts.scanIntervalSeconds });
    ctx.log.info(
      { interface: opts.interface ?? null, vendorPrefixes: vendors.db.size, services: services.size },
      'scanner ready',
    );
    return {
      name: 'scanner',
      protoFiles: ['paddock/scanner/v1/scanner.proto', 'paddock/scanner/v1/wake.proto'],
      services: [
        scannerService({ scans, nodes, ports, schedule, vendors, services: () => services }),
        wakeService(wakes),
      ],
      start: () => schedule.start(),
      stop: async () => {
        schedule.stop();
        await wakes.settle();
        state.close();
      },
    };
  };
}

/** A misspelt interface fails the start, not every scan after it (while health says SERVING). */
function checkInterface(name: string, netns: string | undefined): void {
  try {
    interfaceInfo(name, netns === undefined ? {} : { netns });
  } catch (err) {
    throw new ConfigError(`--interface: ${(err as Error).message}`);
  }
}
