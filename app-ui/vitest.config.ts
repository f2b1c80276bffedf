import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { transformWithOxc } from 'vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** react-table's ES module sources write JSX in `.js` files (publicUtils.js): compile them as JSX. */
const reactTableJsx: Plugin = {
  name: 'react-table-jsx',
  enforce: 'pre',
  async transform(code, id) {
    if (!/react-table\/src\/.*\.js$/.test(id)) return null;
    const out = await transformWithOxc(code, id, { lang: 'jsx', jsx: { runtime: 'classic' } });
    return out.map === undefined ? { code: out.code } : { code: out.code, map: out.map };
  },
};

// Component tests: jsdom + Testing Library, the SDK injected through React context (see src/test-support/).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [reactTableJsx, react()],
  resolve: {
    dedupe: ['react', 'react-dom'],
    // Pin React to this workspace's copy for code Vite transforms (venus-components included, see below).
    alias: [
      // Its ESM build, so the `react` imports inside go through the aliases below (the CJS build `require`s the
      // root copy).
      {
        find: /^@contentstack\/venus-components$/,
        replacement: fileURLToPath(import.meta.resolve('@contentstack/venus-components/build/index.esm.js')),
      },
      // Likewise venus' Tooltip's Tippy wrapper (its `main` is a UMD build that `require`s the root React).
      {
        find: /^@tippyjs\/react$/,
        replacement: fileURLToPath(import.meta.resolve('@tippyjs/react/dist/tippy-react.esm.js')),
      },
      // venus' Table (react-table) and Notification (react-toastify, which renders its toasts through
      // react-transition-group) call hooks too: their ES module sources, so they see our React as well.
      { find: /^react-table$/, replacement: fileURLToPath(import.meta.resolve('react-table/src/index.js')) },
      {
        find: /^react-toastify$/,
        replacement: fileURLToPath(import.meta.resolve('react-toastify/dist/react-toastify.esm.js')),
      },
      {
        find: /^react-transition-group$/,
        replacement: fileURLToPath(import.meta.resolve('react-transition-group/esm/index.js')),
      },
      { find: /^react$/, replacement: fileURLToPath(new URL('./node_modules/react/index.js', import.meta.url)) },
      { find: /^react\/(.*)$/, replacement: fileURLToPath(new URL('./node_modules/react/$1', import.meta.url)) },
      {
        find: /^react-dom$/,
        replacement: fileURLToPath(new URL('./node_modules/react-dom/index.js', import.meta.url)),
      },
      {
        find: /^react-dom\/(.*)$/,
        replacement: fileURLToPath(new URL('./node_modules/react-dom/$1', import.meta.url)),
      },
    ],
  },
  test: {
    name: 'app-ui',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'dev-host/**/*.test.ts'],
    environment: 'jsdom',
    setupFiles: ['./src/test-support/setup.ts'],
    css: false,
    // venus-components lives in the root node_modules next to an older React; inlining it lets Vite resolve its
    // `react` import to ours (dedupe) and handle its CSS imports. Its Tooltip's Tippy wrapper sits there too and
    // calls hooks, so it must see our React as well.
    server: {
      deps: {
        inline: [
          /@contentstack\/venus-components/,
          /@tippyjs\/react/,
          /react-table/,
          /react-toastify/,
          /react-transition-group/,
        ],
      },
    },
  },
});
