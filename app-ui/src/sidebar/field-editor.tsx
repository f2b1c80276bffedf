/**
 * Edits one field value of an entry variant, by the field's kind. Groups and modular blocks recurse into their
 * items' fields (item-list.tsx adds, removes and reorders items); multi-value fields are lists (value-list.tsx);
 * anything without a native control is edited as raw JSON. Text and number fields are venus' TextInput and
 * Textarea (this module is part of the editor's lazily loaded chunk, see lazy-editor.tsx).
 */
import { Textarea, TextInput } from '@contentstack/venus-components';
import { lazy, Suspense, useState } from 'react';
import type { FieldDef } from '../entry/field-schema';
import { ItemList } from './item-list';
import type { RenderFields } from './item-list';
import { ChoiceSet, ValueList } from './value-list';
import { ReferencePicker } from './reference-picker';
import { Loading } from '../ui/status';

const RichTextEditor = lazy(() => import('./rich-text-editor'));
import type { JsonObject } from '@pb/shared/cms/entry-path';

/**
 * venus' Textarea looks itself up with `document.querySelector('#' + id)`, which throws on React's `useId` ids
 * (":r4:" is no valid selector): venus' fields get ids of letters, digits, `_` and `-` only.
 */
export const cssSafeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Props {
  def: FieldDef;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Unique DOM id prefix (labels point at inputs). */
  id: string;
}

function JsonEditor({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="pb-field">
      <label htmlFor={id}>{label} (JSON)</label>
      <textarea
        id={id}
        rows={5}
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          try {
            onChange(JSON.parse(event.target.value) as unknown);
            setProblem(null);
          } catch {
            setProblem('Not valid JSON yet: the last valid value is kept.');
          }
        }}
      />
      {problem && (
        <p id={`${id}-problem`} className="pb-field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

function GroupFields({
  fields,
  value,
  onChange,
  id,
}: {
  fields: FieldDef[];
  value: unknown;
  onChange: (v: JsonObject) => void;
  id: string;
}) {
  const record = isObject(value) ? value : {};
  return (
    <>
      {fields.map((field) => (
        <FieldEditor
          key={field.uid}
          def={field}
          id={`${id}.${field.uid}`}
          value={record[field.uid]}
          onChange={(next) => onChange({ ...record, [field.uid]: next })}
        />
      ))}
    </>
  );
}

const renderFields: RenderFields = (fields, value, id, onChange) => (
  <GroupFields fields={fields} value={value} onChange={onChange} id={id} />
);

const renderUnknown = (item: unknown, id: string, label: string, onChange: (v: unknown) => void) => (
  <JsonEditor id={id} label={label} value={item} onChange={onChange} />
);

export function FieldEditor({ def, value, onChange, id }: Props) {
  switch (def.kind) {
    case 'text':
      return (
        <div className="pb-field">
          <label htmlFor={cssSafeId(id)}>{def.title}</label>
          {/* venus' v2 fields are the bordered ones the CMS's entry editor shows; an empty placeholder, since venus'
              default "Type something..." reads like a value. */}
          {def.multiline ? (
            <Textarea
              id={cssSafeId(id)}
              rows={4}
              placeholder=""
              version="v2"
              value={typeof value === 'string' ? value : ''}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)}
            />
          ) : (
            <TextInput
              id={cssSafeId(id)}
              type="text"
              placeholder=""
              version="v2"
              value={typeof value === 'string' ? value : ''}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
            />
          )}
        </div>
      );
    case 'number':
      return (
        <div className="pb-field">
          <label htmlFor={cssSafeId(id)}>{def.title}</label>
          <TextInput
            id={cssSafeId(id)}
            type="number"
            placeholder=""
            version="v2"
            value={typeof value === 'number' ? String(value) : ''}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
              onChange(e.target.value === '' ? null : Number(e.target.value))
            }
          />
        </div>
      );
    case 'boolean':
      return (
        <div className="pb-field pb-field-inline">
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <label htmlFor={id}>{def.title}</label>
        </div>
      );
    case 'select': {
      const current = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
      const choices = current && !def.choices.includes(current) ? [current, ...def.choices] : def.choices;
      return (
        <div className="pb-field">
          <label htmlFor={id}>{def.title}</label>
          <select id={id} value={current} onChange={(e) => onChange(e.target.value)}>
            <option value="">(none)</option>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        </div>
      );
    }
    case 'date':
      return (
        <div className="pb-field">
          <label htmlFor={id}>{def.title}</label>
          <input
            id={id}
            type="date"
            value={typeof value === 'string' ? value.slice(0, 10) : ''}
            onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
          />
        </div>
      );
    case 'link': {
      const link = isObject(value) ? value : {};
      const title = typeof link.title === 'string' ? link.title : '';
      const href = typeof link.href === 'string' ? link.href : '';
      return (
        <fieldset className="pb-field-group">
          <legend>{def.title}</legend>
          <div className="pb-field">
            <label htmlFor={`${id}.title`}>Link title</label>
            <input
              id={`${id}.title`}
              type="text"
              value={title}
              onChange={(e) => onChange({ ...link, title: e.target.value })}
            />
          </div>
          <div className="pb-field">
            <label htmlFor={`${id}.href`}>Link URL</label>
            <input
              id={`${id}.href`}
              type="text"
              value={href}
              onChange={(e) => onChange({ ...link, href: e.target.value })}
            />
          </div>
        </fieldset>
      );
    }
    case 'json':
      return <JsonEditor id={id} label={def.title} value={value} onChange={onChange} />;
    case 'reference':
      return (
        <ReferencePicker
          id={id}
          title={def.title}
          referenceTo={def.referenceTo}
          multiple={def.multiple}
          value={value}
          onChange={onChange}
        />
      );
    case 'rte':
      return (
        <Suspense fallback={<Loading label={`Loading the rich-text editor for ${def.title}…`} />}>
          <RichTextEditor id={id} label={def.title} value={value} onChange={onChange} />
        </Suspense>
      );
    case 'list':
      return <ValueList id={id} title={def.title} kind={def.item} value={value} onChange={onChange} />;
    case 'multiselect':
      return <ChoiceSet id={id} title={def.title} choices={def.choices} value={value} onChange={onChange} />;
    case 'group':
      if (!def.multiple) {
        return (
          <fieldset className="pb-field-group">
            <legend>{def.title}</legend>
            <GroupFields fields={def.fields} value={value} onChange={onChange} id={id} />
          </fieldset>
        );
      }
      return (
        <ItemList
          id={id}
          title={def.title}
          value={value}
          onChange={onChange}
          fields={def.fields}
          renderFields={renderFields}
          renderUnknown={renderUnknown}
        />
      );
    case 'blocks':
      return (
        <ItemList
          id={id}
          title={def.title}
          value={value}
          onChange={onChange}
          blocks={def.blocks}
          renderFields={renderFields}
          renderUnknown={renderUnknown}
        />
      );
  }
}
