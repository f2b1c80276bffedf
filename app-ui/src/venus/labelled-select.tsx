/**
 * venus' Select (react-select 3 underneath) with a real accessible name. venus hard-codes the input's `aria-label`
 * to "cs-select-aria" and passes no `inputId`, so neither a `<label for>` nor our own `aria-label` can reach it.
 * React does not manage `aria-labelledby` on that input, so setting it after each render sticks, and it takes
 * precedence over `aria-label` when the name is computed. The input is found in the DOM: venus' ref reaches only
 * react-select's state wrapper.
 */
import { Select } from '@contentstack/venus-components';
import { useEffect, useId, useRef } from 'react';

export interface SelectOption {
  label: string;
  value: string;
}

export function LabelledSelect(props: {
  label: string;
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  placeholder?: string;
  error?: boolean;
}) {
  const labelId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('input')?.setAttribute('aria-labelledby', labelId);
  });
  const chosen = props.options.find((o) => o.value === props.value) ?? null;
  return (
    <div className="pb-field pb-select" ref={box}>
      <span className="pb-label" id={labelId}>
        {props.label}
      </span>
      <Select
        value={chosen}
        options={props.options}
        placeholder={props.placeholder ?? 'Choose…'}
        isSearchable={props.options.length > 8}
        width="480px"
        version="v2"
        error={props.error === true}
        onChange={(option: SelectOption | null) => props.onChange(option?.value ?? '')}
      />
    </div>
  );
}
