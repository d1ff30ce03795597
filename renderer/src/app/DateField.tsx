import { ActionIcon, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { useEffect, useImperativeHandle, useRef, useState, type Ref, type RefObject } from 'react';
import { formatDateGb } from '../../../shared/dates';
import { formatDateEntry, parseDateEntry, parseTimeEntry } from '../../../shared/date-entry';

/**
 * Date and time fields that read and show the UK way whatever the computer's or browser's locale
 * (native date/time inputs follow the browser: a date of birth typed 07031961 became 3 July). Values
 * travel as 'YYYY-MM-DD' and 'HH:MM'. Both work as drop-in replacements for `<TextInput type="date">`:
 * spread `register('field')` into them, or pass `value` and `onChange={(e) => set(e.currentTarget.value)}`.
 * Text that is not a date is passed on as typed, so the form's own check refuses it next to the field.
 */

interface FieldTarget {
  name: string;
  value: string;
  type: string;
}
export interface FieldEvent {
  type: 'change' | 'blur';
  target: FieldTarget;
  currentTarget: FieldTarget;
}
/** What react-hook-form's `register` holds on to: reads and writes the value, moves focus on error. */
export interface FieldHandle {
  value: string;
  name: string;
  focus: () => void;
}

type Props = Omit<TextInputProps, 'type' | 'value' | 'onChange' | 'onBlur' | 'defaultValue' | 'ref'> & {
  value?: string | null;
  name?: string;
  onChange?: (event: FieldEvent) => unknown;
  onBlur?: (event: FieldEvent) => unknown;
  ref?: Ref<FieldHandle>;
};

function useEntryField(
  props: Props,
  parse: (typed: string) => string | null,
  format: (value: string) => string,
  input: RefObject<HTMLInputElement | null>,
) {
  const { value, name = '', onChange, onBlur, ref } = props;
  const [text, setText] = useState(() => format(value ?? ''));
  const emitted = useRef(value ?? '');
  const [touched, setTouched] = useState(false);

  // A controlled value changed from outside (a reset, a default arriving): show it.
  useEffect(() => {
    if (value === undefined || value === null) return;
    if (value !== emitted.current) {
      emitted.current = value;
      setText(format(value));
    }
  }, [value, format]);

  const handle = useRef<FieldHandle>({
    get value() {
      return emitted.current;
    },
    set value(v: string) {
      const next = v ?? '';
      if (next === emitted.current) return;
      emitted.current = next;
      setText(format(next));
    },
    get name() {
      return name;
    },
    focus: () => input.current?.focus(),
  });
  useImperativeHandle(ref, () => handle.current, []);

  const event = (type: FieldEvent['type']): FieldEvent => {
    const target = { name, value: emitted.current, type: 'text' };
    return { type, target, currentTarget: target };
  };
  const change = (typed: string) => {
    setText(typed);
    const parsed = parse(typed);
    emitted.current = parsed ?? typed.trim();
    onChange?.(event('change'));
  };
  const blur = () => {
    setTouched(true);
    const parsed = parse(text);
    if (parsed) setText(format(parsed));
    onBlur?.(event('blur'));
  };
  const parsed = parse(text);
  const unreadable = touched && text.trim() !== '' && parsed === null;
  return { text, parsed, unreadable, change, blur };
}

const identity = (v: string) => v;

export function DateField(props: Props) {
  const { value: _v, name, onChange: _c, onBlur: _b, ref: _r, error, description, ...rest } = props;
  const input = useRef<HTMLInputElement>(null);
  const f = useEntryField(props, parseDateEntry, formatDateEntry, input);
  const [open, setOpen] = useState(false);
  // Shown whenever the text reads as a date, not only while it differs from dd/mm/yyyy: a line that vanished
  // on blur moved the form's buttons between mouse-down and mouse-up, so a click on Save right after typing
  // a date was lost (found by the rehab end-to-end tests).
  const echo = f.parsed ? formatDateGb(f.parsed) : null;
  return (
    <TextInput
      {...rest}
      ref={input}
      name={name}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={rest.placeholder ?? 'dd/mm/yyyy'}
      value={f.text}
      onChange={(e) => f.change(e.currentTarget.value)}
      onBlur={f.blur}
      description={description ?? (echo ? `Reads as ${echo}` : undefined)}
      error={error ?? (f.unreadable ? 'Enter the date as dd/mm/yyyy, for example 07/03/1961.' : undefined)}
      rightSectionPointerEvents="all"
      rightSection={
        rest.disabled || rest.readOnly ? undefined : (
          <Popover opened={open} onChange={setOpen} position="bottom-end" trapFocus returnFocus>
            <Popover.Target>
              <ActionIcon
                variant="subtle"
                size={28}
                aria-label="Pick from a calendar"
                title="Pick from a calendar"
                onClick={() => setOpen((o) => !o)}
              >
                <span aria-hidden="true">▦</span>
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown>
              <DatePicker
                value={f.parsed}
                {...(f.parsed ? { defaultDate: f.parsed } : {})}
                onChange={(d) => {
                  if (d) f.change(formatDateEntry(d.slice(0, 10)));
                  setOpen(false);
                }}
              />
            </Popover.Dropdown>
          </Popover>
        )
      }
    />
  );
}

export function TimeField(props: Props) {
  const { value: _v, name, onChange: _c, onBlur: _b, ref: _r, error, ...rest } = props;
  const input = useRef<HTMLInputElement>(null);
  const f = useEntryField(props, parseTimeEntry, identity, input);
  return (
    <TextInput
      {...rest}
      ref={input}
      name={name}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={rest.placeholder ?? 'hh:mm (24-hour)'}
      value={f.text}
      onChange={(e) => f.change(e.currentTarget.value)}
      onBlur={f.blur}
      error={error ?? (f.unreadable ? 'Enter the time on the 24-hour clock, for example 14:30.' : undefined)}
    />
  );
}
