interface Props {
  label: string;
  value: string;
  placeholder?: string;
  /** Value and text of each choice: a pick list instead of free text. */
  choices?: readonly (readonly [value: string, text: string])[] | undefined;
  disabled?: boolean;
  onChange(value: string): void;
}

/** A labelled text input or pick list (the label names it for screen readers and for tests). */
export function TextField({ label, value, placeholder, choices, disabled, onChange }: Props) {
  if (choices)
    return (
      <label className="field">
        <span>{label}</span>
        <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {choices.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      </label>
    );
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
