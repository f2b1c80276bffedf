/**
 * Move up / Move down / Remove for one item of a list the author edits (values of a multi-value field, items of a
 * repeatable group, blocks). Each button's name starts with its visible text and then says which item it acts on
 * (WCAG 2.5.3), so a list of them reads "Move up: Keywords 2", not three anonymous "Move up"s. venus' buttons: this
 * is part of the editor's lazily loaded chunk (lazy-editor.tsx).
 */
import { CsButton } from '../ui/cs-button';

export function ItemControls(props: {
  label: string;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  const { label, index, count } = props;
  return (
    <div className="pb-item-controls">
      <CsButton
        kind="tertiary"
        name={`Move up: ${label}`}
        disabled={index === 0}
        onClick={() => props.onMove(index, index - 1)}
      >
        Move up
      </CsButton>
      <CsButton
        kind="tertiary"
        name={`Move down: ${label}`}
        disabled={index === count - 1}
        onClick={() => props.onMove(index, index + 1)}
      >
        Move down
      </CsButton>
      <CsButton kind="tertiary" name={`Remove: ${label}`} onClick={() => props.onRemove(index)}>
        Remove
      </CsButton>
    </div>
  );
}

/** `items` with the item at `from` moved to `to`. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/**
 * A fresh instance uid for a new group item or block, in the CMA's shape (`cs` + 16 hex digits): the change set
 * names items by it (`sections.<uid>.heading`), so it must be unique within the entry.
 */
export function newInstanceUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `cs${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
