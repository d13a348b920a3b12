import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundleSize } from './bundle-size.ts';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), bundleSize()],
  resolve: { tsconfigPaths: true },
  build: { outDir: 'dist', emptyOutDir: true },
});
