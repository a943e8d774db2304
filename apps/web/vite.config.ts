import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console: built into dist/web, which the API serves at / (see apps/api/web-console.module.ts). */
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    alias: { '@shared': fileURLToPath(new URL('../../libs/platform/personal-data', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
    reportCompressedSize: false,
    sourcemap: false,
  },
  server: { proxy: { '/graphql': 'http://localhost:3000' } },
});
