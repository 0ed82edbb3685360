export { type CpioEntry, cpioNewc, gzipInitramfs, VIRTIO_NET_INSMOD, virtioNetModules } from './initramfs.ts';
