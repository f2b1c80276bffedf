/**
 * The experiences page (full-page location): every experience of the installation's Personalize project with its
 * mirror state, last mirror, "mirror now", coverage per variant, A/B results, and the engine's queue health.
 */
import { EmptyState } from '@contentstack/venus-components';
import { useCallback, useEffect, useState } from 'react';
import type { ExperiencesOverview, OrphanedGroup, QueueHealth, VariantRemap } from '../bridge/bridge-port';
import { CsButton } from '../ui/cs-button';
import { usePorts } from '../ports/ports-context';
import { Loading } from '../ui/status';
import { confirmInModal } from '../venus/confirm-modal';
import { FailureNotice } from '../venus/notice';
import { notify } from '../venus/notify';
import { StateTag } from '../venus/state-tag';
import { ExperienceRow } from './experience-row';
import { QueueHealthPanel } from './queue-health';
import { EdgeKeyPanel } from './edge-key-panel';
import '@contentstack/venus-components/build/main.css';
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

  const moveEntryVariants = useCallback(
    async (uid: string, remap: VariantRemap) => {
      const answer = await bridge.moveEntryVariants(uid, {
        fromVariantUid: remap.fromVariantUid,
        toVariantUid: remap.toVariantUid,
      });
      // The server queued a mirror so the remap report refreshes: show it once the worker is done.
      if (answer.ok) setTimeout(() => void load(), 1500);
      return answer;
    },
    [bridge, load],
  );

  const unlinkOrphan = useCallback(
    async (groupUid: string): Promise<string | null> => {
      const answer = await bridge.unlinkOrphanedGroup(groupUid);
      if (!answer.ok) return answer.reason;
      void load();
      return null;
    },
    [bridge, load],
  );

  return (
    <main className="pb-page">
      <header className="pb-page-head">
        <div>
          <h1 className="pb-page-title">Experiences</h1>
          <p className="pb-meta">
            Personalize experiences and the variant groups Contentstack’s sync makes for them in this stack.
          </p>
        </div>
        <CsButton onClick={() => void load()} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </CsButton>
      </header>
      {state.kind === 'loading' && <Loading label="Loading experiences…" />}
      {state.kind === 'failed' && (
        <FailureNotice title="Could not load experiences" reason={state.reason} onRetry={() => void load()} />
      )}
      {state.kind === 'ready' && state.overview.experiences.length === 0 && (
        <EmptyState
          className="pb-empty-state"
          forPage="list"
          headingType="small"
          heading="No experiences yet"
          description="No experiences in this Personalize project yet. Create one in Personalize: it appears here once it is mirrored."
        />
      )}
      {state.kind === 'ready' && state.overview.experiences.length > 0 && (
        <div className="pb-table-scroll">
          <table className="pb-table pb-experiences">
            <caption className="pb-visually-hidden">Experiences and their sync state</caption>
            <colgroup>
              <col className="pb-col-name" />
              <col className="pb-col-sync" />
              <col className="pb-col-last" />
              <col className="pb-col-coverage" />
              <col className="pb-col-actions" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Experience</th>
                <th scope="col">Sync state</th>
                <th scope="col">Last mirrored</th>
                <th scope="col">Coverage</th>
                <th scope="col">
                  <span className="pb-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.overview.experiences.map((experience) => (
                <ExperienceRow
                  key={experience.uid}
                  experience={experience}
                  now={state.at}
                  onMirrorNow={mirrorNow}
                  onMoveEntryVariants={moveEntryVariants}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.kind === 'ready' && state.overview.orphanedGroups.length > 0 && (
        <section className="pb-panel" aria-labelledby="pb-orphans-title">
          <h2 id="pb-orphans-title">Variant groups without an experience</h2>
          <p className="pb-meta">
            Their experience was deleted in Personalize, which leaves the group behind. The app keeps it so entry
            variants are not lost; unlink its content types so authors stop writing to it, and delete it in the CMS when
            it is no longer needed.
          </p>
          <ul className="pb-orphans">
            {state.overview.orphanedGroups.map((g) => (
              <OrphanRow key={g.groupUid} group={g} onUnlink={unlinkOrphan} />
            ))}
          </ul>
        </section>
      )}
      <QueueHealthPanel health={queues.health} problem={queues.problem} />
      <EdgeKeyPanel />
    </main>
  );
}

function OrphanRow(props: { group: OrphanedGroup; onUnlink: (groupUid: string) => Promise<string | null> }) {
  const { group } = props;
  const [busy, setBusy] = useState(false);
  const linked = group.contentTypes;

  async function unlink() {
    const confirmed = await confirmInModal({
      title: `Unlink ${linked.join(', ')} from ${group.name}?`,
      message:
        'Entries of these content types can no longer get entry variants of this group. The group, its variants and existing entry variants stay.',
      confirmLabel: 'Unlink',
    });
    if (!confirmed) return;
    setBusy(true);
    const failure = await props.onUnlink(group.groupUid);
    setBusy(false);
    if (failure === null) notify('success', `Unlinked ${linked.join(', ')} from ${group.name}`);
    else notify('error', `Not unlinked: ${group.name}`, failure);
  }

  return (
    <li aria-label={group.name}>
      <StateTag label="orphaned" tone="warning" /> {group.name} <span className="pb-meta">({group.groupUid})</span>
      <p className="pb-meta">
        {linked.length === 0 ? 'No content type linked.' : `Linked content types: ${linked.join(', ')}`}
      </p>
      {linked.length > 0 && (
        <CsButton disabled={busy} onClick={() => void unlink()}>{`Unlink content types of ${group.name}`}</CsButton>
      )}
    </li>
  );
}
