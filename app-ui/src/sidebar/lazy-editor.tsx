/**
 * The entry-variant editor is built from venus' components, so its chunk carries venus' 3.9 MB of JavaScript
 * (about 1.3 s to load and evaluate cold). The sidebar imports it only when the author opens an editor, or starts
 * fetching it when they point at or tab to an editor's button (`loadEditor`), so it never delays the sidebar's first
 * interactive paint. While it arrives a calm hint shows; a failed fetch shows its reason with a retry.
 */
import { useEffect, useState } from 'react';
import type { ComponentProps } from 'react';
import type { EntryVariantEditor } from './entry-variant-editor';
import { ErrorNotice } from '../ui/status';
import { OpeningHint } from '../ui/venus-look';

type Editor = typeof EntryVariantEditor;

let loading: Promise<Editor> | null = null;

/** One fetch for the page's lifetime; forgotten when it fails, so Retry fetches again. */
export function loadEditor(): Promise<Editor> {
  loading ??= import('./entry-variant-editor').then(
    (module) => module.EntryVariantEditor,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

type State = { kind: 'loading' } | { kind: 'ready'; Editor: Editor } | { kind: 'failed'; reason: string };

export function LazyEntryVariantEditor(props: ComponentProps<Editor>) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loadEditor().then(
      (Editor) => {
        if (live) setState({ kind: 'ready', Editor });
      },
      (error: unknown) => {
        if (live) setState({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (state.kind === 'ready') return <state.Editor {...props} />;
  if (state.kind === 'failed') {
    return (
      <ErrorNotice
        title="Could not open the editor"
        reason={state.reason}
        onRetry={() => {
          setState({ kind: 'loading' });
          setAttempt((n) => n + 1);
        }}
      />
    );
  }
  return <OpeningHint label="Opening the editor…" />;
}
