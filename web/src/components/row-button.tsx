interface Props {
  /** The visible text, e.g. "Edit". */
  text: string;
  /** What it acts on, for screen readers and tests, e.g. "Edit subnet lab". */
  label: string;
  onClick(): void;
  className?: string;
  disabled?: boolean;
}

/** A small button inside a table row, named after the row it acts on. */
export function RowButton({ text, label, onClick, className = 'small', disabled }: Props) {
  return (
    <button type="button" className={className} disabled={disabled} onClick={onClick} aria-label={label}>
      {text}
    </button>
  );
}
