/**
 * A name that may be long (experiences, groups, variants are named by people): cut to one line with an ellipsis,
 * its full text in a tooltip (`title`) and for assistive technology, which reads the whole text regardless.
 */
export function TruncatedName(props: { name: string; className?: string }) {
  return (
    <span className={`pb-name pb-truncate${props.className ? ` ${props.className}` : ''}`} title={props.name}>
      {props.name}
    </span>
  );
}
