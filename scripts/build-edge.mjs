// `npm run build:edge`: bundles the edge worker runtime (shared/src/edge-runtime/worker) into one ES module with no
// imports, for Cloudflare Workers, Vercel / Next.js middleware and other edge runtimes. The build fails when anything
// in the graph imports a Node built-in: edge runtimes have none (or only behind a compatibility flag), and a module
// that loads under Node but not in workerd would only fail in the customer's deploy.
//   node scripts/build-edge.mjs [--entry <file>] [--outfile <file>]
import { builtinModules } from 'node:module';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    entry: { type: 'string', default: `${root}shared/src/edge-runtime/worker/index.ts` },
    outfile: { type: 'string', default: `${root}dist/edge/personalize-bridge-edge.mjs` },
  },
});

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** Refuses every Node built-in, naming the file that imports it. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) =>
      builtins.has(args.path) || args.path.startsWith('node:')
        ? { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer}: edge runtimes have none` }] }
        : undefined,
    );
  },
};

try {
  const result = await build({
    entryPoints: [values.entry],
    outfile: values.outfile,
    bundle: true,
    format: 'esm',
    // neutral: no Node or browser assumptions; packages resolve through their ESM entry points.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    plugins: [noNodeBuiltins],
  });
  const output = Object.values(result.metafile.outputs)[0];
  process.stdout.write(`build:edge ${values.outfile.replace(root, '')} ${output?.bytes ?? 0} bytes\n`);
} catch (error) {
  const errors = error instanceof Error && 'errors' in error && Array.isArray(error.errors) ? error.errors : [error];
  for (const e of errors) process.stderr.write(`build:edge: ${e.text ?? String(e)}\n`);
  process.exit(1);
}
