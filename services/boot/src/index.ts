export * from './tftp/index.ts';
