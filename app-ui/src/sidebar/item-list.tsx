/**
 * The items of a repeatable group or a modular-blocks field: each item's fields, and controls to add, remove and
 * reorder items. Every item keeps the `_metadata.uid` the CMA gave it (a new one gets a fresh uid), because the
 * change set names items by it (`sections.<uid>.heading`); adding, removing or reordering changes the whole field,
 * which the shared diff then records as the field itself.
 * The fields inside an item are drawn by the caller (`renderFields`), so this file does not import the field
 * editor that imports it.
 */
import { useId, useState } from 'react';
import { CsButton } from '../ui/cs-button';
import type { ReactNode } from 'react';
import type { JsonObject } from '@pb/shared/cms/entry-path';
import type { FieldDef } from '../entry/field-schema';
import { ItemControls, moved, newInstanceUid } from './item-controls';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export type RenderFields = (
  fields: FieldDef[],
  value: unknown,
  id: string,
  onChange: (v: JsonObject) => void,
) => ReactNode;

interface BlockType {
  uid: string;
  title: string;
  fields: FieldDef[];
}

/** The block type of a modular-block item (`{ <block uid>: {...} }`), when it is one the schema knows. */
function blockOf(item: unknown, blocks: BlockType[]): { block: BlockType; body: unknown } | null {
  if (!isObject(item)) return null;
  const key = Object.keys(item)[0];
  const block = blocks.find((b) => b.uid === key);
  return block && key ? { block, body: item[key] } : null;
}

const uidOf = (value: unknown): string | undefined =>
  isObject(value) && isObject(value._metadata) && typeof value._metadata.uid === 'string'
    ? value._metadata.uid
    : undefined;

/** React's key for an item: its instance uid (a group item's own, a block's inside), so focus follows a move. */
const itemKey = (item: unknown, index: number): string =>
  uidOf(item) ?? (isObject(item) ? uidOf(Object.values(item)[0]) : undefined) ?? `index-${index}`;

export function ItemList(props: {
  id: string;
  title: string;
  value: unknown;
  onChange: (items: unknown[]) => void;
  renderFields: RenderFields;
  /** A repeatable group: every item has these fields. */
  fields?: FieldDef[];
  /** Modular blocks: every item is one of these. */
  blocks?: BlockType[];
  /** Items the schema cannot describe (an unknown block type) are edited as JSON. */
  renderUnknown: (item: unknown, id: string, label: string, onChange: (v: unknown) => void) => ReactNode;
}) {
  const items: unknown[] = Array.isArray(props.value) ? (props.value as unknown[]) : [];
  const replace = (index: number, next: unknown) => props.onChange(items.map((old, i) => (i === index ? next : old)));
  return (
    <fieldset className="pb-field-group">
      <legend>{props.title}</legend>
      {items.length === 0 && <p className="pb-empty">No items yet.</p>}
      {items.map((item, index) => {
        const id = `${props.id}.${index}`;
        const known = props.blocks ? blockOf(item, props.blocks) : null;
        const label = `${known ? known.block.title : props.title} ${index + 1}`;
        const controls = (
          <ItemControls
            label={label}
            index={index}
            count={items.length}
            onMove={(from, to) => props.onChange(moved(items, from, to))}
            onRemove={(i) => props.onChange(items.filter((_, j) => j !== i))}
          />
        );
        if (props.fields) {
          return (
            <fieldset key={itemKey(item, index)} className="pb-field-group pb-item">
              <legend>{label}</legend>
              {props.renderFields(props.fields, item, id, (next) => replace(index, next))}
              {controls}
            </fieldset>
          );
        }
        if (!known) {
          return (
            <div key={itemKey(item, index)} className="pb-item">
              {props.renderUnknown(item, id, label, (next) => replace(index, next))}
              {controls}
            </div>
          );
        }
        return (
          <fieldset key={itemKey(item, index)} className="pb-field-group pb-item">
            <legend>{label}</legend>
            {props.renderFields(known.block.fields, known.body, id, (next) =>
              replace(index, { [known.block.uid]: next }),
            )}
            {controls}
          </fieldset>
        );
      })}
      {props.fields && (
        <CsButton
          name={`Add item: ${props.title}`}
          onClick={() => props.onChange([...items, { _metadata: { uid: newInstanceUid() } }])}
        >
          Add item
        </CsButton>
      )}
      {props.blocks && (
        <AddBlock
          title={props.title}
          blocks={props.blocks}
          onAdd={(uid) => props.onChange([...items, { [uid]: { _metadata: { uid: newInstanceUid() } } }])}
        />
      )}
    </fieldset>
  );
}

function AddBlock(props: { title: string; blocks: BlockType[]; onAdd: (blockUid: string) => void }) {
  const id = useId();
  const [chosen, setChosen] = useState(props.blocks[0]?.uid ?? '');
  if (props.blocks.length === 0) return null;
  return (
    <div className="pb-field pb-add-field">
      <label htmlFor={id}>New block in {props.title}</label>
      <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {props.blocks.map((b) => (
          <option key={b.uid} value={b.uid}>
            {b.title}
          </option>
        ))}
      </select>
      <CsButton name={`Add block: ${props.title}`} disabled={chosen === ''} onClick={() => props.onAdd(chosen)}>
        Add block
      </CsButton>
    </div>
  );
}
