/**
 * Holds every StatePart and, when a state file is configured, saves them to one JSON document
 * (`{version:1, parts:{<name>: snapshot}}`) after writes and restores them at start. Saving is
 * coalesced: many writes in a burst cost one file write. The file is written to a temp name and
 * renamed so a crash never leaves half a document.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { StatePart } from './contracts';

interface StateDocument {
  version: 1;
  parts: Record<string, unknown>;
}

const isDocument = (value: unknown): value is StateDocument =>
  typeof value === 'object' &&
  value !== null &&
  (value as { version?: unknown }).version === 1 &&
  typeof (value as { parts?: unknown }).parts === 'object' &&
  (value as { parts?: unknown }).parts !== null;

export class StateStore {
  private readonly parts = new Map<string, StatePart>();
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly file?: string) {}

  register(part: StatePart): void {
    if (this.parts.has(part.name)) throw new Error(`state part "${part.name}" registered twice`);
    this.parts.set(part.name, part);
  }

  /** Restores parts from the state file when one exists; parts absent from it keep their seed. */
  load(): void {
    if (this.file === undefined || !existsSync(this.file)) return;
    const doc: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
    if (!isDocument(doc)) throw new Error(`state file ${this.file} is not a sandbox state document`);
    for (const [name, data] of Object.entries(doc.parts)) this.parts.get(name)?.restore(data);
  }

  digest(): string {
    const hash = createHash('sha256');
    for (const [name, part] of [...this.parts].sort(([a], [b]) => a.localeCompare(b))) {
      hash.update(name).update(JSON.stringify(part.snapshot()) ?? 'undefined');
    }
    return hash.digest('hex');
  }

  resetAll(): void {
    for (const part of this.parts.values()) part.reset();
    this.markDirty();
  }

  markDirty(): void {
    if (this.file === undefined) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, 50);
  }

  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const file = this.file;
    if (file === undefined || !this.dirty) {
      await this.saving;
      return;
    }
    this.dirty = false;
    const parts: Record<string, unknown> = {};
    for (const [name, part] of this.parts) parts[name] = part.snapshot();
    const body = JSON.stringify({ version: 1, parts } satisfies StateDocument);
    this.saving = this.saving.then(async () => {
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, body);
      await rename(tmp, file);
    });
    await this.saving;
  }
}
