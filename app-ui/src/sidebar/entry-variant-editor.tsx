/**
 * Creates, edits, deletes and publishes one entry variant of the open entry. A new variant starts from the base
 * values of the fields the author chooses to override; the change set and the diff are recomputed on every edit.
 * Built from venus' components (buttons, checkboxes, text fields), as the CMS around it: this module is its own
 * chunk, imported only when the author opens an editor (lazy-editor.tsx), so venus' JavaScript never delays the
 * sidebar's first paint. Its selects stay native: venus' Select is a react-select without a native control, and
 * the field names here need a plain labelled choice in the 300 px sidebar.
 */
import { Checkbox } from '@contentstack/venus-components';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CmaPort, EntryRef } from '../cma/cma-port';
import type { Variant } from '../cma/schemas';
import { computeChangeSet, schemaForDiff, topLevelFields } from '../entry/change-set';
import type { FieldDef } from '../entry/field-schema';
import type { JsonObject } from '@pb/shared/cms/entry-path';
import { ErrorNotice, Loading } from '../ui/status';
import { CsButton } from '../ui/cs-button';
import { OpeningHint } from '../ui/venus-look';
import { useConfirmation } from './ask-to-confirm';
import { DiffView } from './diff-view';
import { FieldEditor } from './field-editor';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; reason: string }
  | { kind: 'pick' }
  | { kind: 'edit'; overrides: JsonObject; version: number | undefined; existing: boolean };

const clone = (value: unknown): unknown =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);

function pickFields(source: JsonObject, uids: string[]): JsonObject {
  return Object.fromEntries(uids.map((uid) => [uid, clone(source[uid]) ?? null]));
}

export function EntryVariantEditor(props: {
  cma: CmaPort;
  entry: EntryRef;
  fields: FieldDef[];
  schema: unknown[];
  base: JsonObject;
  variant: Variant;
  existing: boolean;
  /** Overridden paths under which the base just changed (from the editor's save / change events). */
  baseChanged: { paths: string[]; source: 'saved' | 'draft' };
  onClose: () => void;
  onChanged: () => void;
}) {
  const { cma, entry, variant, existing } = props;
  const headingId = useId();
  const [phase, setPhase] = useState<Phase>(existing ? { kind: 'loading' } : { kind: 'pick' });
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const confirmation = useConfirmation();
  // The editor replaces the list the author was in: move focus to its heading, or it falls to the document body
  // and keyboard and screen-reader users lose their place.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const load = useCallback(async () => {
    setPhase({ kind: 'loading' });
    const answer = await cma.getEntryVariant(entry, variant.uid);
    if (!answer.ok) {
      setPhase({ kind: 'failed', reason: answer.reason });
      return;
    }
    const uids = topLevelFields(answer.value._variant._change_set);
    setPhase({
      kind: 'edit',
      overrides: pickFields(answer.value, uids),
      version: answer.value._version,
      existing: true,
    });
  }, [cma, entry, variant.uid]);

  useEffect(() => {
    if (existing) void load();
  }, [existing, load]);

  const diffSchema = useMemo(() => schemaForDiff(props.schema), [props.schema]);
  const changeSet = useMemo(
    () => (phase.kind === 'edit' ? computeChangeSet(props.base, phase.overrides, diffSchema) : []),
    [phase, props.base, diffSchema],
  );

  const setOverride = (uid: string, value: unknown) =>
    setPhase((p) => (p.kind === 'edit' ? { ...p, overrides: { ...p.overrides, [uid]: value } } : p));

  async function save() {
    if (phase.kind !== 'edit') return;
    setBusy(true);
    const touched = topLevelFields(changeSet);
    const fieldsToSend = Object.fromEntries(Object.entries(phase.overrides).filter(([uid]) => touched.includes(uid)));
    const answer = await cma.putEntryVariant(entry, variant.uid, fieldsToSend, changeSet);
    setBusy(false);
    if (!answer.ok) {
      setMessage({ tone: 'error', text: `Not saved: ${answer.reason}` });
      return;
    }
    setMessage({ tone: 'ok', text: answer.value.notice });
    props.onChanged();
    await load();
  }

  async function remove() {
    const asked = await confirmation.ask({
      title: 'Delete this entry variant?',
      message: `The "${variant.name}" version of this entry is removed; visitors in this variant see the base entry again once published.`,
      confirmLabel: 'Delete',
    });
    if (asked.problem !== null) setMessage({ tone: 'error', text: asked.problem });
    if (!asked.confirmed) return;
    setBusy(true);
    const answer = await cma.deleteEntryVariant(entry, variant.uid);
    setBusy(false);
    if (!answer.ok) {
      setMessage({ tone: 'error', text: `Not deleted: ${answer.reason}` });
      return;
    }
    props.onChanged();
    props.onClose();
  }

  const fieldByUid = new Map(props.fields.map((f) => [f.uid, f]));

  return (
    <section className="pb-editor" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {existing ? 'Edit' : 'Create'} entry variant: {variant.name}
      </h2>
      {props.baseChanged.paths.length > 0 && (
        <p className="pb-warning" role="status">
          {props.baseChanged.source === 'saved' ? 'The saved base entry' : 'Your unsaved base edits'} changed{' '}
          {props.baseChanged.paths.join(', ')}, which this variant overrides: it still shows its own values there.
        </p>
      )}
      {phase.kind === 'loading' && <Loading label="Loading the entry variant…" />}
      {phase.kind === 'failed' && (
        <ErrorNotice title="Could not load the entry variant" reason={phase.reason} onRetry={() => void load()} />
      )}
      {phase.kind === 'pick' && (
        <fieldset className="pb-field-group">
          <legend>Fields to override (they start from the base values)</legend>
          {props.fields.map((field) => (
            <div key={field.uid} className="pb-field pb-field-inline">
              <Checkbox
                label={field.title}
                checked={chosen.includes(field.uid)}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  const on = e.target.checked;
                  setChosen((c) => (on ? [...c, field.uid] : c.filter((uid) => uid !== field.uid)));
                }}
              />
            </div>
          ))}
          <div className="pb-actions">
            <CsButton
              kind="primary"
              disabled={chosen.length === 0}
              onClick={() =>
                setPhase({
                  kind: 'edit',
                  overrides: pickFields(props.base, chosen),
                  version: undefined,
                  existing: false,
                })
              }
            >
              Start editing
            </CsButton>
            <CsButton kind="tertiary" onClick={props.onClose}>
              Cancel
            </CsButton>
          </div>
        </fieldset>
      )}
      {phase.kind === 'edit' && (
        <>
          {Object.keys(phase.overrides).map((uid) => {
            const def = fieldByUid.get(uid) ?? ({ kind: 'json', uid, title: uid } as const);
            return (
              <div key={uid} className="pb-override">
                <FieldEditor
                  def={def}
                  id={`${headingId}-${uid}`}
                  value={phase.overrides[uid]}
                  onChange={(v) => setOverride(uid, v)}
                />
                <CsButton
                  kind="tertiary"
                  onClick={() =>
                    setPhase((p) =>
                      p.kind === 'edit'
                        ? {
                            ...p,
                            overrides: Object.fromEntries(Object.entries(p.overrides).filter(([k]) => k !== uid)),
                          }
                        : p,
                    )
                  }
                >
                  {`Stop overriding ${def.title}`}
                </CsButton>
              </div>
            );
          })}
          <AddField
            fields={props.fields.filter((f) => !(f.uid in phase.overrides))}
            onAdd={(uid) => setOverride(uid, clone(props.base[uid]) ?? null)}
          />
          <h3>Change set</h3>
          <DiffView base={props.base} variant={phase.overrides} changeSet={changeSet} />
          {/* Save on its own row, Close and Delete as an even pair under it: the three never wrap unevenly. */}
          <div className="pb-editor-actions">
            <div className="pb-span">
              <CsButton kind="primary" disabled={busy || changeSet.length === 0} onClick={() => void save()}>
                Save entry variant
              </CsButton>
            </div>
            <div className={phase.existing ? undefined : 'pb-span'}>
              <CsButton onClick={props.onClose}>Close</CsButton>
            </div>
            {phase.existing && (
              <div>
                <CsButton kind="destructive" disabled={busy} onClick={() => void remove()}>
                  Delete entry variant
                </CsButton>
              </div>
            )}
          </div>
          {confirmation.opening && <OpeningHint label="Opening the confirmation…" />}
          {phase.existing && <PublishPanel cma={cma} entry={entry} variantUid={variant.uid} version={phase.version} />}
        </>
      )}
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={`pb-message pb-message-${message.tone}`}>
          {message.text}
        </p>
      )}
    </section>
  );
}

function AddField(props: { fields: FieldDef[]; onAdd: (uid: string) => void }) {
  const id = useId();
  const [uid, setUid] = useState('');
  if (props.fields.length === 0) return null;
  return (
    <div className="pb-field pb-add-field">
      <label htmlFor={id}>Override another field</label>
      <select id={id} value={uid} onChange={(e) => setUid(e.target.value)}>
        <option value="">Choose a field…</option>
        {props.fields.map((f) => (
          <option key={f.uid} value={f.uid}>
            {f.title}
          </option>
        ))}
      </select>
      <CsButton
        disabled={uid === ''}
        onClick={() => {
          props.onAdd(uid);
          setUid('');
        }}
      >
        Add
      </CsButton>
    </div>
  );
}

function PublishPanel(props: { cma: CmaPort; entry: EntryRef; variantUid: string; version: number | undefined }) {
  const { cma } = props;
  const [environments, setEnvironments] = useState<string[] | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void cma.listEnvironments().then((answer) => {
      if (!live) return;
      if (answer.ok) setEnvironments(answer.value);
      else setReason(answer.reason);
    });
    return () => {
      live = false;
    };
  }, [cma]);

  async function publish() {
    setBusy(true);
    const variant =
      props.version === undefined ? { uid: props.variantUid } : { uid: props.variantUid, version: props.version };
    const answer = await cma.publishEntryVariant(props.entry, { environments: chosen, variants: [variant] });
    setBusy(false);
    setResult(
      answer.ok
        ? { tone: 'ok', text: answer.value.notice }
        : { tone: 'error', text: `Not published: ${answer.reason}` },
    );
  }

  return (
    <fieldset className="pb-field-group">
      <legend>Publish this variant</legend>
      {reason && <ErrorNotice title="Could not list environments" reason={reason} />}
      {!reason && environments === null && <Loading label="Loading environments…" />}
      {environments?.map((name) => (
        <div key={name} className="pb-field pb-field-inline">
          <Checkbox
            label={name}
            checked={chosen.includes(name)}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
              const on = e.target.checked;
              setChosen((c) => (on ? [...c, name] : c.filter((n) => n !== name)));
            }}
          />
        </div>
      ))}
      <CsButton kind="primary" disabled={busy || chosen.length === 0} onClick={() => void publish()}>
        {`Publish to ${chosen.length === 0 ? 'chosen environments' : chosen.join(', ')}`}
      </CsButton>
      {result && (
        <p role={result.tone === 'error' ? 'alert' : 'status'} className={`pb-message pb-message-${result.tone}`}>
          {result.text}
        </p>
      )}
    </fieldset>
  );
}
