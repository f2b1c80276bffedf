// `npm run bench`: every bench/*.bench.ts in one process, in file-name order, then one table. Exit code 1 when a
// bench throws; missed goals are reported, not fatal (the figures go to bench/README.md either way).
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REDIS_URL } from '@pb/test/support/redis';
import { isBench, meetsGoal, ratioOf, type BenchFigure } from './lib/bench';

const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: { bench: string; figure: BenchFigure }[] = [];
let failed = false;
for (const file of files) {
  const module = (await import(pathToFileURL(`${dir}${file}`).href)) as { default?: unknown };
  if (!isBench(module.default)) {
    process.stderr.write(`${file}: no default export made with defineBench(); skipped\n`);
    continue;
  }
  const bench = module.default;
  process.stdout.write(`▶ ${bench.name} (${file})\n`);
  try {
    const figures = await bench.run({
      redisUrl: REDIS_URL,
      quick,
      log: (message) => process.stdout.write(`  ${message}\n`),
    });
    for (const figure of figures) rows.push({ bench: bench.name, figure });
  } catch (error) {
    failed = true;
    process.stderr.write(`  ✗ ${bench.name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
}

function fmt(n: number): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}

const cpus = os.cpus();
process.stdout.write(
  `\nMachine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, ${os.platform()} ${os.release()}${quick ? ' (quick run)' : ''}\n\n`,
);
const header = ['bench', 'figure', 'value', 'baseline', 'ratio', 'goal', 'met'];
const table = rows.map(({ bench, figure }) => {
  const ratio = ratioOf(figure);
  const met = meetsGoal(figure);
  return [
    bench,
    figure.name,
    `${fmt(figure.value)} ${figure.unit}`,
    figure.baseline === undefined ? '' : `${fmt(figure.baseline.value)} (${figure.baseline.name})`,
    ratio === undefined ? '' : `${ratio.toFixed(2)}×`,
    figure.goal === undefined ? '' : `${figure.goal.op} ${figure.goal.target}${ratio === undefined ? '' : '×'}`,
    met === undefined ? '' : met ? 'yes' : 'NO',
  ];
});
process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
for (const row of table) process.stdout.write(`| ${row.join(' | ')} |\n`);
for (const { figure } of rows)
  if (figure.note !== undefined) process.stdout.write(`- ${figure.name}: ${figure.note}\n`);
process.exit(failed ? 1 : 0);
