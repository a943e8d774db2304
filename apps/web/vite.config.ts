import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Each screen's operations travel in its own chunk: `graphql(\`…\`)` is replaced by the document's
 * text where it is written (what the client preset's babel plugin does), so no route loads every
 * other route's operations. The types still come from the generated `gql` module at type-check time.
 */
function inlineDocuments(): Plugin {
  return {
    name: 'swsp-inline-documents',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/apps\/web\/src\/.*\.tsx?$/.test(id) || id.includes('/src/gql/') || !code.includes('graphql(')) return null;
      const out = code
        .replace(/\bgraphql\(\s*`([^`]*)`\s*\)/g, (_, doc: string) => JSON.stringify(doc.replace(/\s+/g, ' ').trim()))
        .replace(/^import \{ graphql \} from '(\.\.\/)+gql';\n/m, '');
      if (/\bgraphql\(/.test(out)) throw new Error(`${id}: a graphql() call that is not a plain template literal`);
      return { code: out, map: null };
    },
  };
}

/** The console: built into dist/web, which the API serves at / (see apps/api/web-console.module.ts). */
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [inlineDocuments()],
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
