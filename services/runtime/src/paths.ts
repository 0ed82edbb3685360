import { fileURLToPath } from 'node:url';

/** proto/ in the workspace: the .proto sources that server reflection describes. */
export const protoRoot = fileURLToPath(new URL('../../../proto', import.meta.url));

/** web/dist: the built console that every server serves on its HTTP port. */
export const webRoot = fileURLToPath(new URL('../../../web/dist', import.meta.url));
