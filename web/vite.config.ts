import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

/**
 * Every Paddock server serves `web/dist` itself, so the build uses absolute paths from `/`.
 * `vite dev` forwards gRPC-Web calls (paths like /paddock.system.v1.SystemService/GetInfo) to
 * the server named by PADDOCK_HTTP, e.g. PADDOCK_HTTP=https://127.0.0.1:7443 pnpm dev.
 */
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'PADDOCK_');
  const target = env['PADDOCK_HTTP'];
  return {
    base: '/',
    plugins: [react()],
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
    server: target ? { proxy: { '^/[\\w.]+\\.[A-Z]\\w*/\\w+$': { target, secure: false, changeOrigin: true } } } : {},
  };
});
