import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app builds into dist/web, which the API serves at `/`. No plugin is needed: Vite's own
 * transformer compiles TSX with the automatic JSX runtime (tsconfig `jsx: react-jsx`). The output
 * keeps to a strict Content-Security-Policy: no inline scripts (modulePreload polyfill off), CSS in
 * files only.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // scripts/web.js reads the manifest to report what each page loads.
    manifest: true,
    modulePreload: { polyfill: false },
    cssCodeSplit: true,
    chunkSizeWarningLimit: 600,
    reportCompressedSize: false,
    rollupOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in an SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/v1': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
