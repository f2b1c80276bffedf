/** The engine's queues at a glance: what waits, runs, retries and failed. */
import type { QueueHealth } from '../bridge/bridge-port';

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

export function QueueHealthPanel(props: { health: QueueHealth | null; problem: string | null }) {
  return (
    <section className="pb-panel" aria-labelledby="pb-queues-title">
      <h2 id="pb-queues-title">Queue health</h2>
      {props.problem !== null && <p className="pb-error">Queue health unavailable: {props.problem}</p>}
      {props.health !== null && (
        <table className="pb-table pb-table-compact">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              {STATES.map((s) => (
                <th scope="col" className="pb-num" key={s}>
                  {STATE_LABELS[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Object.entries(props.health).map(([queue, counts]) => (
              <tr key={queue}>
                <th scope="row">{NAMES[queue] ?? queue}</th>
                {STATES.map((s) => (
                  <td className={`pb-num${s === 'failed' && (counts[s] ?? 0) > 0 ? ' pb-error' : ''}`} key={s}>
                    {counts[s] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
