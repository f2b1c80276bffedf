import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is served on its own origin (UI_PORT) so the dev host can embed it cross-origin, as the CMS does.
// React is deduped because venus-components sits at the workspace root next to an older React that other
// packages pull in; two Reacts in one bundle break hooks.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { dedupe: ['react', 'react-dom'] },
  server: { port: Number(process.env.UI_PORT ?? 4200), strictPort: true, host: '127.0.0.1' },
  preview: { port: Number(process.env.UI_PORT ?? 4200), strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Vite's default CSS minifier (lightningcss) rejects venus-components' stylesheet.
    cssMinify: false,
    chunkSizeWarningLimit: 5000,
  },
});
