/**
 * A reference field chosen from the entries of the content types it may point to, listed through the CMA in the
 * entry's locale, instead of typed as JSON. The stored value stays the CMA's list of `{ uid, _content_type_uid }`
 * in the order the author picked; a referenced entry the list does not show (beyond the first 100) is kept and
 * shown by its uid.
 */
import { useEffect, useState } from 'react';
import type { JsonObject } from '@pb/shared/cms/entry-path';
import { useEntry } from '../sdk/hooks';
import { usePorts } from '../ports/ports-context';
import { ErrorNotice, Loading } from '../ui/status';

interface Ref {
  uid: string;
  _content_type_uid: string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function refsOf(value: unknown): Ref[] {
  const list: unknown[] = Array.isArray(value)
    ? (value as unknown[])
    : value === null || value === undefined
      ? []
      : [value];
  return list.flatMap((item) =>
    isObject(item) && typeof item.uid === 'string' && typeof item._content_type_uid === 'string'
      ? [{ uid: item.uid, _content_type_uid: item._content_type_uid }]
      : [],
  );
}

type Choices =
  | { kind: 'loading' }
  | { kind: 'failed'; reason: string }
  | { kind: 'ready'; byType: Map<string, { uid: string; title: string }[]> };

export function ReferencePicker(props: {
  id: string;
  title: string;
  referenceTo: string[];
  multiple: boolean;
  value: unknown;
  onChange: (value: Ref[]) => void;
}) {
  const { cma } = usePorts();
  // The entry's own locale: a French entry's references are chosen among French titles.
  const locale = useEntry()?.locale ?? 'en-us';
  const [choices, setChoices] = useState<Choices>({ kind: 'loading' });
  const { referenceTo } = props;
  useEffect(() => {
    let live = true;
    void Promise.all(referenceTo.map((ct) => cma.listEntries(ct, locale))).then((answers) => {
      if (!live) return;
      const failed = answers.find((a) => !a.ok);
      if (failed && !failed.ok) return setChoices({ kind: 'failed', reason: failed.reason });
      setChoices({
        kind: 'ready',
        byType: new Map(referenceTo.map((ct, i) => [ct, answers[i]?.ok ? answers[i].value : []])),
      });
    });
    return () => {
      live = false;
    };
  }, [cma, referenceTo, locale]);

  const chosen = refsOf(props.value);
  const isChosen = (ct: string, uid: string) => chosen.some((r) => r.uid === uid && r._content_type_uid === ct);
  const toggle = (ct: string, uid: string, on: boolean) => {
    if (!props.multiple) return props.onChange(on ? [{ uid, _content_type_uid: ct }] : []);
    props.onChange(
      on
        ? [...chosen, { uid, _content_type_uid: ct }]
        : chosen.filter((r) => !(r.uid === uid && r._content_type_uid === ct)),
    );
  };

  return (
    <fieldset className="pb-field-group">
      <legend>{props.title}</legend>
      {choices.kind === 'loading' && <Loading label={`Loading entries for ${props.title}…`} />}
      {choices.kind === 'failed' && (
        <ErrorNotice title={`Could not list entries for ${props.title}`} reason={choices.reason} />
      )}
      {choices.kind === 'ready' &&
        [...choices.byType].map(([ct, entries]) => {
          const unknown = chosen.filter((r) => r._content_type_uid === ct && !entries.some((e) => e.uid === r.uid));
          const all = [...entries, ...unknown.map((r) => ({ uid: r.uid, title: r.uid }))];
          return (
            <div key={ct} className="pb-ref-type">
              {referenceTo.length > 1 && <p className="pb-meta">{ct}</p>}
              {all.length === 0 && <p className="pb-empty">No entries of {ct} yet.</p>}
              {all.map((e) => (
                <div key={e.uid} className="pb-field pb-field-inline">
                  <input
                    id={`${props.id}.${ct}.${e.uid}`}
                    type={props.multiple ? 'checkbox' : 'radio'}
                    name={props.id}
                    checked={isChosen(ct, e.uid)}
                    onChange={(event) => toggle(ct, e.uid, event.target.checked)}
                  />
                  <label htmlFor={`${props.id}.${ct}.${e.uid}`}>{e.title}</label>
                </div>
              ))}
            </div>
          );
        })}
      {!props.multiple && chosen.length > 0 && (
        <button type="button" aria-label={`Clear: ${props.title}`} onClick={() => props.onChange([])}>
          Clear
        </button>
      )}
    </fieldset>
  );
}
