/** One variant group linked to the entry's content type: its experience (when mirrored), variants, and this
 * entry's variant per variant. */
import { useId, useState } from 'react';
import type { ExperienceSummary } from '../bridge/bridge-port';
import type { EntryVariant, VariantGroup } from '../cma/schemas';
import { MirrorBadge } from '../ui/mirror-badge';
import { statusLabel } from '../ui/status-label';
import { TruncatedName } from '../ui/truncated-name';
import { LightButton, OpeningHint } from '../ui/venus-look';
import { useConfirmation } from './ask-to-confirm';
import { SyncAction } from './sync-action';

/** Who made the group: Personalize's own (its name and variants are Personalize's), or one made in the CMS. */
export function groupOrigin(group: VariantGroup): string {
  const meta = group.personalize_metadata;
  if (!meta?.experience_uid) return 'Made in the CMS';
  const shortUid = meta.experience_short_uid ? ` ${meta.experience_short_uid}` : '';
  return `Made by Personalize for experience${shortUid}${meta.status ? ` (${statusLabel(meta.status)})` : ''}`;
}

const fieldCount = (n: number) => `${n} ${n === 1 ? 'field' : 'fields'}`;

const typeLabel = (type: ExperienceSummary['type']) => (type === 'AB_TEST' ? 'A/B test' : 'Segmented');

export function GroupCard(props: {
  group: VariantGroup;
  contentTypeTitle: string;
  experience: ExperienceSummary | undefined;
  experienceNote: string | null;
  entryVariants: Map<string, EntryVariant>;
  baseChanges: Record<string, string[]>;
  baseChangeSource: 'saved' | 'draft';
  onOpenVariant: (variantUid: string, existing: boolean) => void;
  /** The author points at or tabs to an editor's button: time to start fetching the editor's code. */
  onIntent?: () => void;
  onDetach: () => Promise<void>;
}) {
  const { group, experience } = props;
  const headingId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const confirmation = useConfirmation();

  async function detach() {
    const asked = await confirmation.ask({
      title: `Detach ${group.name}?`,
      message: `This unlinks the content type "${props.contentTypeTitle}" from the group, for every entry of that type — not only this one.`,
      confirmLabel: 'Detach',
    });
    setProblem(asked.problem);
    if (asked.confirmed) await props.onDetach();
  }

  function details(variantUid: string, variantShortUid: string | undefined): string | null {
    const match = experience?.variants.find(
      (v) => v.cmsVariantUid === variantUid || (variantShortUid !== undefined && v.shortUid === variantShortUid),
    );
    if (!match) return null;
    if (match.trafficDistribution !== undefined) return `${match.trafficDistribution}% of traffic`;
    if (match.audienceNames && match.audienceNames.length > 0) return `Audiences: ${match.audienceNames.join(', ')}`;
    return 'No audience (everyone)';
  }

  return (
    <article className="pb-card" aria-labelledby={headingId}>
      <header>
        <h2 id={headingId}>
          <TruncatedName name={group.name} />
        </h2>
        <p className="pb-meta">{groupOrigin(group)}</p>
        {experience?.mirror && <MirrorBadge mirror={experience.mirror} />}
        {experience && <SyncAction experience={experience} />}
        {experience && (
          <p className="pb-meta">
            {typeLabel(experience.type)} · {statusLabel(experience.status)}
          </p>
        )}
        {!experience && props.experienceNote && group.personalize_metadata?.experience_uid && (
          <p className="pb-meta">Experience details unavailable: {props.experienceNote}</p>
        )}
      </header>
      {group.variants.length === 0 ? (
        <p className="pb-empty">This group has no variants yet.</p>
      ) : (
        <ul className="pb-variants">
          {group.variants.map((variant) => {
            const own = props.entryVariants.get(variant.uid);
            const info = details(variant.uid, variant.personalize_metadata?.variant_short_uid);
            const stale = props.baseChanges[variant.uid] ?? [];
            return (
              <li key={variant.uid}>
                <div className="pb-variant-head">
                  <TruncatedName name={variant.name} className="pb-variant-name" />
                  <span className={own ? 'pb-badge pb-badge-on' : 'pb-badge'}>
                    {own ? `Entry variant (${fieldCount(own._variant._change_set.length)})` : 'No entry variant'}
                  </span>
                </div>
                {info && <p className="pb-meta">{info}</p>}
                {stale.length > 0 && (
                  <p className="pb-warning" role="status">
                    {props.baseChangeSource === 'saved' ? 'The saved base entry' : 'Your unsaved base edits'} changed{' '}
                    {stale.join(', ')}, which this variant overrides: it still shows its own values there.
                  </p>
                )}
                <LightButton
                  kind={own ? 'secondary' : 'primary'}
                  onClick={() => props.onOpenVariant(variant.uid, own !== undefined)}
                  {...(props.onIntent === undefined ? {} : { onIntent: props.onIntent })}
                >
                  {own ? `Edit ${variant.name}` : `Create ${variant.name} entry variant`}
                </LightButton>
              </li>
            );
          })}
        </ul>
      )}
      <div className="pb-actions">
        <LightButton kind="tertiary" onClick={() => void detach()}>
          Detach {group.name}
        </LightButton>
      </div>
      {confirmation.opening && <OpeningHint label="Opening the confirmation…" />}
      {problem !== null && (
        <p role="alert" className="pb-message-error">
          {problem}
        </p>
      )}
    </article>
  );
}
