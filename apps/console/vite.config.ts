import react from '@vitejs/plugin-react';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Prints what a browser downloads before the console can draw anything: the entry chunk, every
 * chunk it imports statically, and the CSS, gzipped (README: Console). Lazy screens are not counted.
 */
function initialDownload(): Plugin {
  return {
    name: 'atrio-initial-download',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      const visit = (name: string) => {
        const chunk = bundle[name];
        if (seen.has(name) || chunk?.type !== 'chunk') return;
        seen.add(name);
        chunk.imports.forEach(visit);
        chunk.viteMetadata?.importedCss.forEach((css) => seen.add(css));
      };
      for (const [name, output] of Object.entries(bundle))
        if (output.type === 'chunk' && output.isEntry) visit(name);
      let total = 0;
      for (const name of seen) {
        const output = bundle[name]!;
        total += gzipSync(output.type === 'chunk' ? output.code : output.source).length;
      }
      this.info(`initial download: ${(total / 1024).toFixed(1)} KiB gzipped JS+CSS in ${seen.size} files`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react(), initialDownload()],
  resolve: { tsconfigPaths: true },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
