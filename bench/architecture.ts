// Architecture figures of the server and the UI, measured from the sources of a git revision (default: the working
// tree's HEAD), so a change can quote them before and after:
//   npx tsx bench/architecture.ts [--rev <commit>]
// - back-up arrows: pairs of top-level folders of `server/src` (or `app-ui/src`) that import each other (file-level
//   cycles are refused by dependency-cruiser; these are the folder-level ones a layered design avoids);
// - the longest functions in `server/src` (tests excluded), in lines;
// - the places that build a BullMQ `Queue`, an ioredis connection, or a Personalize reader.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--rev');
const rev = at >= 0 ? (process.argv[at + 1] ?? 'HEAD') : 'HEAD';
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });

const sources = (dir: string): Map<string, string> => {
  const files = git('ls-tree', '-r', '--name-only', rev, dir)
    .split('\n')
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes('/test-support/'));
  return new Map(files.map((f) => [f, git('show', `${rev}:${f}`)]));
};

/** A file's top-level folder; the process entry points (`main-*.ts`, `index.ts`) sit above everything they start. */
const folderOf = (file: string, base: string): string => {
  const rest = file.slice(base.length + 1);
  const slash = rest.indexOf('/');
  if (slash >= 0) return rest.slice(0, slash);
  return /^(main-[\w-]+|index)\.tsx?$/.test(rest) ? '(entry)' : '(root)';
};

function backUpArrows(base: string, files: Map<string, string>): string[] {
  const edges = new Set<string>();
  for (const [file, text] of files) {
    const from = folderOf(file, base);
    for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
      const spec = match[1] ?? '';
      const resolved = new URL(spec, `file:///${file}`).pathname.slice(1);
      if (!resolved.startsWith(`${base}/`)) continue;
      const to = folderOf(resolved, base);
      if (to !== from) edges.add(`${from}→${to}`);
    }
  }
  const pairs: string[] = [];
  for (const edge of edges) {
    const [a, b] = edge.split('→');
    if (a !== undefined && b !== undefined && a < b && edges.has(`${b}→${a}`)) pairs.push(`${a} ⇄ ${b}`);
  }
  return pairs.sort();
}

function longestFunctions(files: Map<string, string>, top = 3): string[] {
  const found: { where: string; lines: number }[] = [];
  for (const [file, text] of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const name =
          'name' in node && node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
        found.push({ where: `${file}:${start + 1} ${name}`, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  // A function's nested closures are counted in it too: the figure is the longest outer span.
  return found
    .sort((a, b) => b.lines - a.lines)
    .slice(0, top)
    .map((f) => `${f.lines} lines  ${f.where}`);
}

function builders(files: Map<string, string>, pattern: RegExp): string[] {
  const places: string[] = [];
  for (const [file, text] of files) {
    const hits = [...text.matchAll(pattern)].length;
    if (hits > 0) places.push(`${file} (${hits})`);
  }
  return places.sort();
}

const server = sources('server/src');
const ui = sources('app-ui/src');
const show = (title: string, lines: readonly string[]) =>
  process.stdout.write(`${title}: ${lines.length}\n${lines.map((l) => `  ${l}\n`).join('')}`);

process.stdout.write(`revision ${git('rev-parse', '--short', rev).trim()}\n`);
show('back-up arrows in server/src', backUpArrows('server/src', server));
show('back-up arrows in app-ui/src', backUpArrows('app-ui/src', ui));
show('longest functions in server/src', longestFunctions(server));
show('places that build a BullMQ Queue (`new Queue(`)', builders(server, /\bnew Queue\(/g));
show('places that build a Redis connection (`new Redis(`)', builders(server, /\bnew Redis\(/g));
// A Personalize reader: a module that builds its own Personalize request (its own fetch or its own context).
show(
  'places that build a Personalize reader',
  builders(server, /\bpersonalizeContext\(options|x-project-uid': options\.projectUid/g),
);
