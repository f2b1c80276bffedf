/**
 * A JSON rich-text field edited as formatted text: bold, italic, links, bulleted and numbered lists, headings.
 * The editable area holds HTML; each edit is converted back to a JSON RTE document (entry/json-rte.ts) and only a
 * valid document is handed on. Loaded on demand (React.lazy in field-editor.tsx), so the serializer never weighs
 * on the sidebar's first load.
 * The toolbar acts on the selection the author last made in the text: it is saved when focus leaves the text (a
 * keyboard user tabs to the toolbar) and restored before each command. Ctrl/⌘+B and +I work in the text itself.
 */
import { useId, useRef, useState } from 'react';
import { htmlToRte, rteToHtml } from '../entry/json-rte';

type Command = { label: string; run: () => void };

export default function RichTextEditor(props: {
  id: string;
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const labelId = useId();
  const area = useRef<HTMLDivElement>(null);
  const saved = useRef<Range | null>(null);
  const [initial] = useState(() => rteToHtml(props.value));
  const [problem, setProblem] = useState<string | null>(null);
  const [linking, setLinking] = useState(false);
  const [url, setUrl] = useState('https://');

  function save() {
    const selection = document.getSelection();
    if (selection && selection.rangeCount > 0 && area.current?.contains(selection.anchorNode)) {
      saved.current = selection.getRangeAt(0).cloneRange();
    }
  }

  function emit() {
    const doc = htmlToRte(area.current?.innerHTML ?? '');
    if (doc === null) {
      setProblem('This formatting cannot be stored as rich text; the last valid text is kept.');
      return;
    }
    setProblem(null);
    props.onChange(doc);
  }

  /** Runs an editing command on the saved selection, then stores the result. */
  function exec(command: string, value?: string) {
    area.current?.focus();
    const selection = document.getSelection();
    if (saved.current && selection) {
      selection.removeAllRanges();
      selection.addRange(saved.current);
    }
    // execCommand is deprecated but still the one editing API every browser implements for contentEditable.
    document.execCommand(command, false, value);
    save();
    emit();
  }

  const commands: Command[] = [
    { label: 'Bold', run: () => exec('bold') },
    { label: 'Italic', run: () => exec('italic') },
    { label: 'Heading', run: () => exec('formatBlock', 'h2') },
    { label: 'Paragraph', run: () => exec('formatBlock', 'p') },
    { label: 'Bulleted list', run: () => exec('insertUnorderedList') },
    { label: 'Numbered list', run: () => exec('insertOrderedList') },
    { label: 'Link', run: () => setLinking(true) },
  ];

  return (
    <div className="pb-field pb-rte">
      <span id={labelId} className="pb-field-label">
        {props.label}
      </span>
      <div role="toolbar" aria-label={`Formatting: ${props.label}`} className="pb-rte-toolbar">
        {commands.map((c) => (
          <button
            key={c.label}
            type="button"
            // Keeps a mouse click from taking the selection out of the text.
            onMouseDown={(e) => e.preventDefault()}
            onClick={c.run}
          >
            {c.label}
          </button>
        ))}
      </div>
      {linking && (
        <div className="pb-rte-link">
          <label htmlFor={`${props.id}-url`}>Link URL</label>
          <input id={`${props.id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
          <button
            type="button"
            onClick={() => {
              setLinking(false);
              exec('createLink', url);
            }}
          >
            Apply link
          </button>
          <button type="button" onClick={() => setLinking(false)}>
            Cancel link
          </button>
        </div>
      )}
      <div
        id={props.id}
        ref={area}
        className="pb-rte-area"
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelId}
        tabIndex={0}
        contentEditable
        suppressContentEditableWarning
        onInput={emit}
        onKeyUp={save}
        onMouseUp={save}
        onBlur={save}
        dangerouslySetInnerHTML={{ __html: initial }}
      />
      {problem && <p className="pb-field-problem">{problem}</p>}
    </div>
  );
}
