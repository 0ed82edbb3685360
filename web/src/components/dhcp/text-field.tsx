interface Props {
  label: string;
  value: string;
  placeholder?: string;
  disabled?: boolean;
  onChange(value: string): void;
}

/** A labelled text input (the label names it for screen readers and for tests). */
export function TextField({ label, value, placeholder, disabled, onChange }: Props) {
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
