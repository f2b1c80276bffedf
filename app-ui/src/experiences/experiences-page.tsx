/**
 * The experiences page (full-page location). Its content (experience list, results) arrives with the server's
 * session API; until then it says so instead of showing an empty screen.
 */
import { useEffect, useState } from 'react';
import type { ExperienceSummary } from '../bridge/bridge-port';
import { usePorts } from '../sdk/hooks';
import { Empty, ErrorNotice, Loading } from '../ui/status';
import '../ui/base.css';

export default function ExperiencesPage() {
  const { bridge } = usePorts();
  const [state, setState] = useState<
    { kind: 'loading' } | { kind: 'failed'; reason: string } | { kind: 'ready'; items: ExperienceSummary[] }
  >({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    void bridge.experiences().then((answer) => {
      if (live)
        setState(answer.ok ? { kind: 'ready', items: answer.value } : { kind: 'failed', reason: answer.reason });
    });
    return () => {
      live = false;
    };
  }, [bridge]);
  return (
    <main className="pb-sidebar">
      <h1 className="pb-title">Experiences</h1>
      {state.kind === 'loading' && <Loading label="Loading experiences…" />}
      {state.kind === 'failed' && <ErrorNotice title="Could not load experiences" reason={state.reason} />}
      {state.kind === 'ready' && state.items.length === 0 && <Empty>No experiences in this project yet.</Empty>}
      {state.kind === 'ready' && state.items.length > 0 && (
        <ul>
          {state.items.map((x) => (
            <li key={x.uid}>
              {x.name} · {x.type === 'AB_TEST' ? 'A/B test' : 'Segmented'} · {x.status}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
