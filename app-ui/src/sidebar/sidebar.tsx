/**
 * The entry sidebar: the variant groups linked to this entry's content type (mirrored experiences first), this
 * entry's variant per variant, and the editor for one entry variant at a time. Listens to the editor's save and
 * change events to say which overridden fields now differ from a changed base.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ExperienceSummary } from '../bridge/bridge-port';
import type { EntryRef } from '../cma/cma-port';
import type { EntryVariant, VariantGroup } from '../cma/schemas';
import { overriddenBaseChanges, schemaForDiff } from '../entry/change-set';
import { readSchema } from '../entry/field-schema';
import type { EntryApi } from '../sdk/app-sdk';
import type { JsonObject } from '@pb/shared/cms/entry-path';
import { useEntry } from '../sdk/hooks';
import { usePorts } from '../ports/ports-context';
import { Empty, ErrorNotice, Loading } from '../ui/status';
import { AttachGroup } from './attach-group';
import { LazyEntryVariantEditor, loadEditor } from './lazy-editor';
import { GroupCard } from './group-card';
// venus' stylesheet from the first paint (about 50 KiB gzip, cheap): its modal, loaded later, then fits right in.
import '@contentstack/venus-components/build/main.css';
import '../ui/base.css';

type Data =
  | { kind: 'loading' }
  | { kind: 'failed'; reason: string }
  | { kind: 'ready'; groups: VariantGroup[]; entryVariants: Map<string, EntryVariant> };

/** Mirrored experiences first, then by name: authors look for the experience they are working on. */
export function orderGroups(groups: VariantGroup[], contentTypeUid: string): VariantGroup[] {
  return groups
    .filter((g) => g.content_types.some((ct) => ct.uid === contentTypeUid && ct.status !== 'unlinked'))
    .sort((a, b) => {
      const am = a.personalize_metadata?.experience_uid ? 0 : 1;
      const bm = b.personalize_metadata?.experience_uid ? 0 : 1;
      return am - bm || a.name.localeCompare(b.name);
    });
}

export default function SidebarLocation() {
  const entry = useEntry();
  if (!entry) {
    return <ErrorNotice title="Wrong location" reason="This page is the entry sidebar; the CMS opened it elsewhere." />;
  }
  // A new entry has no uid until its first save, and entry variants hang off the saved entry.
  if (typeof entry.getData().uid !== 'string') {
    return (
      <main className="pb-sidebar">
        <h1 className="pb-title">Personalize variants</h1>
        <Empty>Save this entry first: variants are written for a saved entry.</Empty>
      </main>
    );
  }
  return <Sidebar entry={entry} />;
}

function Sidebar({ entry }: { entry: EntryApi }) {
  const { cma, bridge } = usePorts();
  const [base, setBase] = useState<JsonObject>(() => entry.getData());
  const entryRef: EntryRef = useMemo(
    () => ({
      contentTypeUid: entry.contentType.uid,
      entryUid: typeof base.uid === 'string' ? base.uid : '',
      locale: entry.locale,
    }),
    [entry.contentType.uid, entry.locale, base.uid],
  );
  const fields = useMemo(() => readSchema(entry.contentType.schema), [entry.contentType.schema]);
  const diffSchema = useMemo(() => schemaForDiff(entry.contentType.schema), [entry.contentType.schema]);
  const [data, setData] = useState<Data>({ kind: 'loading' });
  const [experiences, setExperiences] = useState<{ list: ExperienceSummary[]; note: string | null }>({
    list: [],
    note: null,
  });
  const [open, setOpen] = useState<{ variantUid: string; existing: boolean } | null>(null);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [baseChanges, setBaseChanges] = useState<{ source: 'saved' | 'draft'; byVariant: Record<string, string[]> }>({
    source: 'saved',
    byVariant: {},
  });

  /** `quiet` refreshes behind the open editor instead of replacing the page with a loading state. */
  const load = useCallback(
    async (quiet = false) => {
      if (!quiet) setData({ kind: 'loading' });
      const [groups, variants] = await Promise.all([
        cma.listVariantGroups({ contentTypeUid: entryRef.contentTypeUid }),
        cma.listEntryVariants(entryRef),
      ]);
      if (!groups.ok) return setData({ kind: 'failed', reason: groups.reason });
      if (!variants.ok) return setData({ kind: 'failed', reason: variants.reason });

      setData({
        kind: 'ready',
        groups: orderGroups(groups.value, entryRef.contentTypeUid),
        entryVariants: new Map(variants.value.map((v) => [v._variant._uid, v])),
      });
    },
    [cma, entryRef],
  );

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    let live = true;
    void bridge.experiences().then((answer) => {
      if (live) setExperiences(answer.ok ? { list: answer.value, note: null } : { list: [], note: answer.reason });
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  // A changed base matters where a variant overrides the same field: the variant keeps masking the new value.
  const entryVariants = data.kind === 'ready' ? data.entryVariants : null;
  useEffect(() => {
    const react = (source: 'saved' | 'draft') => (next: JsonObject) => {
      const byVariant: Record<string, string[]> = {};
      for (const [variantUid, variant] of entryVariants ?? []) {
        const paths = overriddenBaseChanges(base, next, variant._variant._change_set, diffSchema);
        if (paths.length > 0) byVariant[variantUid] = paths;
      }
      setBaseChanges({ source, byVariant });
      if (source === 'saved') setBase(next);
    };
    const offSave = entry.onSave(react('saved'));
    const offChange = entry.onChange(react('draft'));
    return () => {
      offSave();
      offChange();
    };
  }, [entry, base, entryVariants, diffSchema]);

  const groupOfOpen =
    open && data.kind === 'ready'
      ? data.groups.flatMap((g) => g.variants.map((v) => ({ g, v }))).find((x) => x.v.uid === open.variantUid)
      : undefined;

  return (
    <main className="pb-sidebar">
      <h1 className="pb-title">Personalize variants</h1>
      {notice && (
        <p role={notice.tone === 'error' ? 'alert' : 'status'} className={`pb-message pb-message-${notice.tone}`}>
          {notice.text}
        </p>
      )}
      {data.kind === 'loading' && <Loading label="Loading variant groups…" />}
      {data.kind === 'failed' && (
        <ErrorNotice title="Could not load variant groups" reason={data.reason} onRetry={() => void load()} />
      )}
      {data.kind === 'ready' && groupOfOpen && open && (
        <LazyEntryVariantEditor
          key={`${open.variantUid}:${String(open.existing)}`}
          cma={cma}
          entry={entryRef}
          fields={fields}
          schema={entry.contentType.schema}
          base={base}
          variant={groupOfOpen.v}
          existing={open.existing}
          baseChanged={{ paths: baseChanges.byVariant[open.variantUid] ?? [], source: baseChanges.source }}
          onClose={() => setOpen(null)}
          onChanged={() => void load(true)}
        />
      )}
      {data.kind === 'ready' && !open && (
        <>
          {data.groups.length === 0 && (
            <Empty>No variant group is linked to “{entry.contentType.title}” yet. Attach one to write variants.</Empty>
          )}
          {data.groups.map((group) => (
            <GroupCard
              key={group.uid}
              group={group}
              contentTypeTitle={entry.contentType.title}
              experience={experiences.list.find(
                (x) => x.variantGroupUid === group.uid || x.uid === group.personalize_metadata?.experience_uid,
              )}
              experienceNote={experiences.note}
              entryVariants={data.entryVariants}
              baseChanges={baseChanges.byVariant}
              baseChangeSource={baseChanges.source}
              onOpenVariant={(variantUid, existing) => setOpen({ variantUid, existing })}
              // A failed early fetch is not news yet: opening the editor fetches again and says why it failed.
              onIntent={() => void loadEditor().catch(() => undefined)}
              onDetach={async () => {
                const answer = await cma.setContentTypeLink(group, entryRef.contentTypeUid, 'unlinked');
                setNotice(
                  answer.ok
                    ? { tone: 'ok', text: `Detached ${group.name}.` }
                    : { tone: 'error', text: `Not detached: ${answer.reason}` },
                );
                if (answer.ok) await load();
              }}
            />
          ))}
          <AttachGroup
            cma={cma}
            contentType={entry.contentType}
            linkedUids={new Set(data.groups.map((g) => g.uid))}
            onAttached={(text) => {
              setNotice({ tone: 'ok', text });
              void load();
            }}
          />
        </>
      )}
    </main>
  );
}
