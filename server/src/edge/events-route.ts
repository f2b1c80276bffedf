// POST /events: the SDK's impressions and conversion events. An impression is attributed to the version being
// served; one for an experience or variant we do not serve (deleted, paused, or a stale page) is ignored rather
// than counted against the wrong version.
import type { RequestHandler } from 'express';
import type { ServedTable } from '../assignments/table-reader';
import type { Impression } from '../results/event-store';
import { requiredUserUid, projectUidOf, send, validBody } from './request-reading';
import { ingestEventsSchema, type IngestEvent } from './requests';
import type { EdgeDeps, TableFor } from './edge-deps';

export interface SortedEvents {
  impressions: Impression[];
  eventKeys: string[];
  ignored: number;
}

/** Which events count: conversions always, impressions only of a served, unpaused experience and its variants. */
export function sortEvents(table: ServedTable | null, events: readonly IngestEvent[]): SortedEvents {
  const sorted: SortedEvents = { impressions: [], eventKeys: [], ignored: 0 };
  for (const event of events) {
    if (event.type === 'EVENT') {
      sorted.eventKeys.push(event.eventKey);
      continue;
    }
    const row = table?.byShortUid.get(event.experienceShortUid);
    if (row === undefined || row.paused === true || !row.variants.some((v) => v.shortUid === event.variantShortUid)) {
      sorted.ignored++;
      continue;
    }
    sorted.impressions.push({
      experienceShortUid: event.experienceShortUid,
      versionUid: row.versionUid ?? '-',
      variantShortUid: event.variantShortUid,
    });
  }
  return sorted;
}

export function eventsRoute(deps: EdgeDeps, tableFor: TableFor): RequestHandler {
  return async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const user = requiredUserUid(req);
    if (send(res, user)) return;
    const events = validBody(req, ingestEventsSchema);
    if (send(res, events)) return;
    const table = await tableFor(res, project.value, 'personalize.EVENTS.PROJECT_NOT_FOUND');
    if (table === undefined) return;
    const { impressions, eventKeys, ignored } = sortEvents(table, events.value);
    // Impressions first: a batch holding both counts the conversion for the variant just seen.
    await deps.events.recordImpressions(project.value, user.value, impressions);
    await deps.events.recordConversions(project.value, user.value, eventKeys);
    res.status(202).json({ accepted: impressions.length + eventKeys.length, ignored });
  };
}
