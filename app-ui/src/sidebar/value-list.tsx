/**
 * Multi-value scalar fields as lists (text, number, date: one input per value, added, removed and reordered) and
 * multi-value selects as a set of checkboxes, instead of raw JSON. The stored value stays the plain array the CMA
 * holds; an emptied number input is left out rather than stored as null.
 */
import type { ScalarKind } from '../entry/field-schema';
import { CsButton } from '../ui/cs-button';
import { ItemControls, moved } from './item-controls';

const INPUT_TYPE: Record<ScalarKind, string> = { text: 'text', number: 'number', date: 'date' };

function read(kind: ScalarKind, raw: string): string | number | null {
  if (kind === 'number') return raw === '' ? null : Number(raw);
  return raw;
}

function shown(kind: ScalarKind, value: unknown): string {
  if (kind === 'number') return typeof value === 'number' ? String(value) : '';
  if (typeof value !== 'string') return '';
  return kind === 'date' ? value.slice(0, 10) : value;
}

export function ValueList(props: {
  id: string;
  title: string;
  kind: ScalarKind;
  value: unknown;
  onChange: (value: unknown[]) => void;
}) {
  const values: unknown[] = Array.isArray(props.value) ? (props.value as unknown[]) : [];
  const set = (index: number, next: string | number | null) =>
    props.onChange(
      next === null ? values.filter((_, i) => i !== index) : values.map((v, i) => (i === index ? next : v)),
    );
  return (
    <fieldset className="pb-field-group">
      <legend>{props.title}</legend>
      {values.length === 0 && <p className="pb-empty">No values.</p>}
      <ol className="pb-value-list">
        {values.map((value, index) => {
          const label = `${props.title} ${index + 1}`;
          return (
            <li key={index} className="pb-value">
              <label className="pb-visually-hidden" htmlFor={`${props.id}.${index}`}>
                {label}
              </label>
              <input
                id={`${props.id}.${index}`}
                type={INPUT_TYPE[props.kind]}
                value={shown(props.kind, value)}
                onChange={(e) => set(index, read(props.kind, e.target.value))}
              />
              <ItemControls
                label={label}
                index={index}
                count={values.length}
                onMove={(from, to) => props.onChange(moved(values, from, to))}
                onRemove={(i) => props.onChange(values.filter((_, j) => j !== i))}
              />
            </li>
          );
        })}
      </ol>
      <CsButton
        name={`Add value: ${props.title}`}
        onClick={() => props.onChange([...values, props.kind === 'number' ? 0 : ''])}
      >
        Add value
      </CsButton>
    </fieldset>
  );
}

export function ChoiceSet(props: {
  id: string;
  title: string;
  choices: string[];
  value: unknown;
  onChange: (value: string[]) => void;
}) {
  const current = Array.isArray(props.value) ? (props.value as unknown[]).map(String) : [];
  // Values the schema no longer offers stay visible (and removable) rather than silently dropped.
  const choices = [...props.choices, ...current.filter((c) => !props.choices.includes(c))];
  return (
    <fieldset className="pb-field-group">
      <legend>{props.title}</legend>
      {choices.map((choice) => (
        <div key={choice} className="pb-field pb-field-inline">
          <input
            id={`${props.id}.${choice}`}
            type="checkbox"
            checked={current.includes(choice)}
            onChange={(e) =>
              // Kept in the schema's order, so ticking and unticking never reorders what is stored.
              props.onChange(
                e.target.checked
                  ? choices.filter((c) => c === choice || current.includes(c))
                  : current.filter((c) => c !== choice),
              )
            }
          />
          <label htmlFor={`${props.id}.${choice}`}>{choice}</label>
        </div>
      ))}
    </fieldset>
  );
}
