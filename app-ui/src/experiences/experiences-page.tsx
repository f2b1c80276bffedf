/**
 * The experiences page (full-page location): every experience of the installation's Personalize project with its
 * mirror state, last mirror, "mirror now", coverage per variant, A/B results, and the engine's queue health.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ExperiencesOverview, QueueHealth } from '../bridge/bridge-port';
import { usePorts } from '../sdk/hooks';
import { Empty, ErrorNotice, Loading } from '../ui/status';
import { ExperienceRow } from './experience-row';
import { QueueHealthPanel } from './queue-health';
import '../ui/base.css';
import './experiences.css';

type PageState =
  | { kind: 'loading' }
  | { kind: 'failed'; reason: string }
  | { kind: 'ready'; overview: ExperiencesOverview; at: number };

export default function ExperiencesPage() {
  const { bridge } = usePorts();
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const [queues, setQueues] = useState<{ health: QueueHealth | null; problem: string | null }>({
    health: null,
    problem: null,
  });
  const [refreshing, setRefreshing] = useState(false);

  const load = useCallback(async () => {
    setRefreshing(true);
    const [overview, health] = await Promise.all([bridge.overview(), bridge.queues()]);
    setRefreshing(false);
    setState(
      overview.ok
        ? { kind: 'ready', overview: overview.value, at: Date.now() }
        : { kind: 'failed', reason: overview.reason },
    );
    setQueues(health.ok ? { health: health.value, problem: null } : { health: null, problem: health.reason });
  }, [bridge]);

  useEffect(() => {
    void load();
  }, [load]);

  const mirrorNow = useCallback(
    async (uid: string): Promise<string | null> => {
      const answer = await bridge.mirrorNow(uid);
      if (!answer.ok) return answer.reason;
      // The worker usually finishes within a second or two: refresh once so the new state shows.
      setTimeout(() => void load(), 1500);
      return null;
    },
    [bridge, load],
  );

  return (
    <main className="pb-page">
      <header className="pb-page-head">
        <div>
          <h1 className="pb-page-title">Experiences</h1>
          <p className="pb-meta">Personalize experiences mirrored to this stack’s variant groups.</p>
        </div>
        <button type="button" className="pb-secondary" onClick={() => void load()} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      {state.kind === 'loading' && <Loading label="Loading experiences…" />}
      {state.kind === 'failed' && (
        <ErrorNotice title="Could not load experiences" reason={state.reason} onRetry={() => void load()} />
      )}
      {state.kind === 'ready' && state.overview.experiences.length === 0 && (
        <Empty>
          No experiences in this Personalize project yet. Create one in Personalize: it appears here once it is
          mirrored.
        </Empty>
      )}
      {state.kind === 'ready' && state.overview.experiences.length > 0 && (
        <div className="pb-table-scroll">
          <table className="pb-table pb-experiences">
            <caption className="pb-visually-hidden">Experiences and their mirror state</caption>
            <thead>
              <tr>
                <th scope="col">Experience</th>
                <th scope="col">Mirror state</th>
                <th scope="col">Last mirrored</th>
                <th scope="col">Coverage</th>
                <th scope="col">
                  <span className="pb-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.overview.experiences.map((experience) => (
                <ExperienceRow key={experience.uid} experience={experience} now={state.at} onMirrorNow={mirrorNow} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.kind === 'ready' && state.overview.orphanedGroups.length > 0 && (
        <section className="pb-panel" aria-labelledby="pb-orphans-title">
          <h2 id="pb-orphans-title">Variant groups without an experience</h2>
          <p className="pb-meta">
            Their experience was deleted in Personalize. The groups were kept (unlinked) so entry variants are not lost;
            delete them in the CMS when they are no longer needed.
          </p>
          <ul>
            {state.overview.orphanedGroups.map((g) => (
              <li key={g.groupUid}>
                {g.name} <span className="pb-meta">({g.groupUid})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <QueueHealthPanel health={queues.health} problem={queues.problem} />
    </main>
  );
}
