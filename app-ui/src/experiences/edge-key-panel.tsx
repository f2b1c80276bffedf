/**
 * The project's edge key: what an edge worker (docs/edge/) presents to read the project's decision table. Shown
 * masked with a copy button; rotating replaces it at once (workers with the old key keep deciding on the table they
 * hold, but cannot fetch a newer one until they get the new key), so it asks first.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EdgeKey } from '../bridge/bridge-port';
import { CsButton } from '../ui/cs-button';
import { confirmInModal } from '../venus/confirm-modal';
import { Notice } from '../venus/notice';
import { notify } from '../venus/notify';
import { usePorts } from '../ports/ports-context';

/** The key's prefix and last four characters: enough to tell two keys apart, too little to use. */
export function maskEdgeKey(key: string): string {
  return key.length <= 12 ? '••••' : `${key.slice(0, 4)}••••••••${key.slice(-4)}`;
}

export function EdgeKeyPanel() {
  const { bridge } = usePorts();
  const [key, setKey] = useState<EdgeKey | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void bridge.edgeKey().then((answer) => {
      if (!live) return;
      if (answer.ok) setKey(answer.value);
      else setProblem(answer.reason);
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  const copy = useCallback(async () => {
    if (key === null) return;
    try {
      await navigator.clipboard.writeText(key.edgeKey);
      notify('success', 'Edge key copied');
    } catch {
      notify('error', 'Copy failed', 'Select the key in your browser and copy it by hand.');
    }
  }, [key]);

  const rotate = useCallback(async () => {
    const confirmed = await confirmInModal({
      title: 'Rotate the edge key?',
      message:
        'The current key stops working at once. Workers using it cannot fetch newer decisions until they get the new key.',
      confirmLabel: 'Rotate key',
    });
    if (!confirmed) return;
    setBusy(true);
    const answer = await bridge.rotateEdgeKey();
    setBusy(false);
    if (answer.ok) {
      setKey(answer.value);
      notify('success', 'Edge key rotated', 'The old key no longer works. Give the new one to your edge workers.');
    } else {
      notify('error', 'Edge key not rotated', answer.reason);
    }
  }, [bridge]);

  return (
    <section className="pb-panel" aria-labelledby="pb-edge-key-title">
      <h2 id="pb-edge-key-title">Edge key</h2>
      <p>Edge workers read this project&apos;s decisions with this key (GET /edge/table). Keep it secret.</p>
      {problem !== null && <Notice tone="error">Edge key unavailable: {problem}</Notice>}
      {key !== null && (
        <div className="pb-actions">
          <code aria-label="Edge key (masked)">{maskEdgeKey(key.edgeKey)}</code>
          <CsButton onClick={() => void copy()}>Copy key</CsButton>
          <CsButton onClick={() => void rotate()} disabled={busy}>
            Rotate
          </CsButton>
        </div>
      )}
    </section>
  );
}
