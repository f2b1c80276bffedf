/** Which entries of the group's content types still lack an entry variant, per variant. */
import type { ExperienceOverview, VariantOverview } from '../bridge/bridge-port';

const SHOWN = 8;

export function coverageTotals(variant: VariantOverview): { covered: number; entries: number } | null {
  if (variant.coverage === undefined || variant.coverage.length === 0) return null;
  let covered = 0;
  let entries = 0;
  for (const c of variant.coverage) {
    entries += c.entries;
    covered += c.entries - c.missing.length;
  }
  return { covered, entries };
}

function describe(variant: VariantOverview): string {
  if (variant.trafficDistribution !== undefined) return `${variant.trafficDistribution}% of traffic`;
  if (variant.audienceNames && variant.audienceNames.length > 0) return variant.audienceNames.join(', ');
  if (variant.audienceNames) return 'Everyone';
  return '';
}

export function VariantCoverage(props: { experience: ExperienceOverview }) {
  const { experience } = props;
  if (experience.variants.length === 0) return <p className="pb-empty">This version has no variants yet.</p>;
  return (
    <div className="pb-table-scroll">
      <table className="pb-table">
        <caption>Variants and entry coverage</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">{experience.type === 'AB_TEST' ? 'Traffic' : 'Audiences'}</th>
            <th scope="col">Entries with content</th>
            <th scope="col">Still missing an entry variant</th>
          </tr>
        </thead>
        <tbody>
          {experience.variants.map((variant) => {
            const totals = coverageTotals(variant);
            return (
              <tr key={variant.shortUid}>
                <th scope="row">{variant.name}</th>
                <td>{describe(variant)}</td>
                <td>
                  {totals === null ? (
                    <span className="pb-meta">
                      {!variant.cmsVariantUid
                        ? 'Not mirrored yet'
                        : experience.contentTypes.length === 0
                          ? 'No content type linked'
                          : '—'}
                    </span>
                  ) : totals.entries === 0 ? (
                    <span className="pb-meta">No entries</span>
                  ) : (
                    <CoverageMeter covered={totals.covered} entries={totals.entries} />
                  )}
                </td>
                <td>
                  <MissingEntries variant={variant} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {experience.contentTypes.length === 0 && (
        <p className="pb-meta">
          No content type is linked to this experience’s variant group yet. Attach one from an entry’s sidebar to start
          writing entry variants.
        </p>
      )}
    </div>
  );
}

function CoverageMeter(props: { covered: number; entries: number }) {
  const share = props.entries === 0 ? 0 : props.covered / props.entries;
  return (
    <span className="pb-meter-wrap">
      <meter min={0} max={props.entries} value={props.covered} aria-label="Entries with an entry variant" />
      <span>
        {props.covered} of {props.entries} ({Math.round(share * 100)}%)
      </span>
    </span>
  );
}

function MissingEntries(props: { variant: VariantOverview }) {
  const missing = (props.variant.coverage ?? []).flatMap((c) => c.missing.map((m) => ({ ...m, ct: c.contentTypeUid })));
  const truncated = (props.variant.coverage ?? []).some((c) => c.truncated === true);
  if (props.variant.coverage === undefined || props.variant.coverage.length === 0) return null;
  if (missing.length === 0) return <span className="pb-ok">None — every entry has content</span>;
  return (
    <details className="pb-missing">
      <summary>
        {missing.length} {missing.length === 1 ? 'entry' : 'entries'}
      </summary>
      <ul>
        {missing.slice(0, SHOWN).map((m) => (
          <li key={`${m.ct}/${m.uid}`}>
            <span className="pb-entry-title">{m.title}</span> <span className="pb-meta">{m.ct}</span>
          </li>
        ))}
        {missing.length > SHOWN && <li className="pb-meta">and {missing.length - SHOWN} more</li>}
        {truncated && <li className="pb-meta">Only the first 500 entries of each content type were checked.</li>}
      </ul>
    </details>
  );
}
