/**
 * A name that may be long, for the full-page locations: cut to one line with an ellipsis and shown whole in venus'
 * Tooltip on hover. `data-full-name` lets the layout check tell a deliberate cut from an overflow; assistive
 * technology reads the whole text regardless of the cut.
 */
import { Tooltip } from '@contentstack/venus-components';

export function NameWithTooltip(props: { name: string; className?: string }) {
  return (
    // venus' default ("basic") tooltip writes #f7f9fc on #767676, 4.4:1, under WCAG's 4.5:1; "dark" is #fff on
    // #475161 (8:1).
    <Tooltip
      variantType="dark"
      content={props.name}
      position="top"
      maxWidth={420}
      wrapperElementType="span"
      style={{ display: 'block', minWidth: 0, maxWidth: '100%' }}
    >
      <span
        className={`pb-name pb-truncate${props.className ? ` ${props.className}` : ''}`}
        data-full-name={props.name}
      >
        {props.name}
      </span>
    </Tooltip>
  );
}
