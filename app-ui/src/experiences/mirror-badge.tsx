import type { MirrorStatus } from '../bridge/bridge-port';

const LABELS: Record<MirrorStatus['state'], string> = {
  'in-sync': 'In sync',
  pending: 'Pending',
  error: 'Error',
  orphaned: 'Orphaned',
};

export function MirrorBadge(props: { mirror: MirrorStatus }) {
  const { state, reason } = props.mirror;
  return (
    <div className="pb-mirror">
      <span className={`pb-state pb-state-${state}`}>{LABELS[state]}</span>
      {reason !== undefined && <span className="pb-reason">{reason}</span>}
    </div>
  );
}
