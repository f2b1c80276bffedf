/** The engine's queues at a glance: what waits, runs, retries and failed. */
import type { QueueHealth } from '../bridge/bridge-port';
import { DataTable } from '../venus/data-table';
import type { DataColumn } from '../venus/data-table';
import { Notice } from '../venus/notice';

const NAMES: Record<string, string> = {
  mirror: 'Mirror',
  'webhook-events': 'Webhook events',
  'recompute-assignments': 'Assignments',
  'mirror-sweep': 'Sweep',
};
const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const STATE_LABELS: Record<(typeof STATES)[number], string> = {
  waiting: 'Waiting',
  active: 'Running',
  delayed: 'Scheduled or retrying',
  failed: 'Failed',
};

type QueueRow = { queue: string; counts: Record<string, number> };

const COLUMNS: DataColumn<QueueRow>[] = [
  { id: 'queue', header: 'Queue', cell: (row) => NAMES[row.queue] ?? row.queue },
  ...STATES.map((s) => ({
    id: s,
    header: STATE_LABELS[s],
    numeric: true,
    cell: (row: QueueRow) => {
      const n = row.counts[s] ?? 0;
      return s === 'failed' && n > 0 ? <span className="pb-error">{n}</span> : n;
    },
  })),
];

export function QueueHealthPanel(props: { health: QueueHealth | null; problem: string | null }) {
  return (
    <section className="pb-panel" aria-labelledby="pb-queues-title">
      <h2 id="pb-queues-title">Queue health</h2>
      {props.problem !== null && <Notice tone="error">Queue health unavailable: {props.problem}</Notice>}
      {props.health !== null && (
        <DataTable
          caption="Jobs per queue"
          columns={COLUMNS}
          rows={Object.entries(props.health).map(([queue, counts]) => ({ queue, counts }))}
          rowKey={(row) => row.queue}
          rowName={{ singular: 'queue', plural: 'queues' }}
          className="pb-queue-table"
        />
      )}
    </section>
  );
}
