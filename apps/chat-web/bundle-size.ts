import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The initial download budget of the chat client (issue 12): JS + CSS, gzipped. */
export const BUDGET_BYTES = 150 * 1024;

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  code?: string;
  source?: string | Uint8Array;
  viteMetadata?: { importedCss: Set<string> };
}

/**
 * Prints what a browser downloads before the first screen (the entry chunk, its static imports
 * and their CSS), gzipped, and fails the build above the budget. Lazy chunks are listed apart.
 */
export function bundleSize(): Plugin {
  return {
    name: 'atrio-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = bundle as unknown as Record<string, ChunkLike>;
      const initial = new Set<string>();
      const visit = (name: string) => {
        const file = files[name];
        if (!file || initial.has(name)) return;
        initial.add(name);
        file.imports?.forEach(visit);
        file.viteMetadata?.importedCss.forEach((css) => initial.add(css));
      };
      Object.values(files)
        .filter((f) => f.type === 'chunk' && f.isEntry)
        .forEach((f) => visit(f.fileName));
      const gz = (name: string) => {
        const file = files[name]!;
        const content = file.type === 'chunk' ? file.code! : file.source!;
        return gzipSync(typeof content === 'string' ? Buffer.from(content) : content, { level: 9 }).length;
      };
      let total = 0;
      for (const name of initial) total += gz(name);
      const lazy = Object.keys(files).filter((n) => !initial.has(n) && /\.(js|css)$/.test(n));
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const line = `chat client initial download: ${kb(total)} gzipped (JS + CSS, budget ${kb(BUDGET_BYTES)})`;
      console.log(
        `\n${line}${lazy.length ? `; loaded later: ${lazy.map((n) => `${n} ${kb(gz(n))}`).join(', ')}` : ''}`,
      );
      this.emitFile({
        type: 'asset',
        fileName: 'bundle-size.json',
        source: JSON.stringify(
          { initialGzipBytes: total, budgetBytes: BUDGET_BYTES, files: [...initial] },
          null,
          2,
        ),
      });
      if (total > BUDGET_BYTES) this.error(`${line}: over budget`);
    },
  };
}
