import { ErrorAlert } from '../error-alert.tsx';
import { TextField } from './text-field.tsx';

/**
 * One field of a form: the key in the fields record, its label and an example value; with
 * `choices` (value and text of each), a pick list instead of a text field.
 */
export type FieldSpec<F> = readonly [
  key: keyof F & string,
  label: string,
  placeholder: string,
  choices?: readonly (readonly [value: string, text: string])[],
];

interface Props<F extends { id: string }> {
  /** What is edited, e.g. "subnet"; names the form and its buttons. */
  noun: string;
  specs: readonly FieldSpec<F>[];
  fields: F;
  /** The id of the item being changed, or undefined when a new one is being added. */
  editingId: string | undefined;
  error: string | undefined;
  onFields(fields: F): void;
  onSave(): void;
  onCancel(): void;
}

/** The add-or-change form of a console list: its fields, save/cancel, and the server's error. */
export function EditForm<F extends { id: string }>(p: Props<F>) {
  const editing = p.editingId !== undefined;
  return (
    <form
      className="edit-form"
      aria-label={editing ? `Edit ${p.noun} ${p.editingId}` : `New ${p.noun}`}
      onSubmit={(e) => {
        e.preventDefault();
        p.onSave();
      }}
    >
      {p.specs.map(([key, label, placeholder, choices]) => (
        <TextField
          key={key}
          label={label}
          value={String(p.fields[key])}
          placeholder={placeholder}
          choices={choices}
          disabled={key === 'id' && editing}
          onChange={(v) => p.onFields({ ...p.fields, [key]: v })}
        />
      ))}
      <div className="actions">
        <button type="submit">{editing ? `Save ${p.noun}` : `Add ${p.noun}`}</button>
        {editing && (
          <button type="button" className="small" onClick={p.onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ErrorAlert error={p.error} />
    </form>
  );
}
