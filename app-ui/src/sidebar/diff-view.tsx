/** The change set of a variant as a readable list: each overridden path, the base value and the variant's. */
import { display, valueAt } from '../entry/change-set';
import type { JsonObject } from '@pb/shared/cms/entry-path';

export function DiffView(props: { base: JsonObject; variant: JsonObject; changeSet: string[] }) {
  if (props.changeSet.length === 0) return <p className="pb-empty">No fields overridden yet.</p>;
  return (
    <dl className="pb-diff" aria-label="Changes against the base entry">
      {props.changeSet.map((path) => {
        const before = valueAt(props.base, path);
        const after = valueAt(props.variant, path);
        return (
          <div key={path} className="pb-diff-row">
            <dt>
              <code>{path}</code>
            </dt>
            <dd>
              <del aria-label={`base value of ${path}`}>{display(before)}</del>
              <span aria-hidden="true"> → </span>
              <ins aria-label={`variant value of ${path}`}>{display(after)}</ins>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
