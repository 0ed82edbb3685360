/**
 * @paddock/scanner: the LAN scanner service (ARP scans, nodes with vendors, port scans,
 * Wake-on-LAN with tracking), its pure codecs, and a `wake` helper for other services.
 */

export { type ArpScanOptions, type ArpScanResult, type ArpSighting, arpScan } from './arp/arp-scan.ts';
export { type ScannerClients, scannerClients } from './client.ts';
export { type ScannerConfig, scannerConfigSchema, toScannerOptions } from './config.ts';
export { formatPortList, type PortRange, parsePortList } from './ports/port-list.ts';
export { createScanner, type ScannerModuleOptions } from './scanner-module.ts';
export { loadServiceNames, ServiceNames } from './services/service-names.ts';
export { etcdScannerStore } from './store/etcd/etcd-scanner-store.ts';
export { SCANNER_MIGRATIONS } from './store/migrations.ts';
export type { ScannerRows, ScannerStore } from './store/scanner-store.ts';
export { sqliteScannerStore } from './store/sqlite-scanner-store.ts';
export { VendorDb, type VendorInfo } from './vendors/vendor-db.ts';
export { loadVendors, SYSTEM_VENDOR_DIR, VENDOR_FILES } from './vendors/vendor-files.ts';
export { encodeMagicPacket, findMagicPacket, type MagicPacket, parsePassword } from './wake/magic-packet.ts';
export { type WakeOptions, type WakeSent, wake } from './wake/wake-send.ts';
export { ETHERTYPE_WOL, wolFrame } from './wake/wol-frame.ts';
