// What the edge routes need from the rest of the server (ports), and the table lookup they share.
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { ServedTable } from '../assignments/table-reader';
import type { EventStore } from '../results/event-store';
import type { UserAttributeStore } from './user-attributes';

export interface EdgeDeps {
  tables: { get(projectUid: string): Promise<ServedTable | null> };
  /** Whether a project without a table yet (nothing activated) is ours: it gets an empty manifest, not a 404. */
  knownProject(projectUid: string): Promise<boolean>;
  users: UserAttributeStore;
  events: EventStore;
  newUserUid?: () => string;
  now?: () => number;
  log?: Logger;
}

/** The project's table (null: ours, nothing activated yet); answers 404 and gives undefined for a project not ours. */
export type TableFor = (res: Response, projectUid: string, error: string) => Promise<ServedTable | null | undefined>;
