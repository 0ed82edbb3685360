export { connectOptions } from './connect.ts';
export { claimSite } from './site.ts';
export { sitePrefix, storeOptions } from './store-options.ts';
export { describeTarget, type EtcdTls, parseStoreUrl, type StoreTarget } from './store-url.ts';
