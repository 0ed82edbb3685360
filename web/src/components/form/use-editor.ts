import { useEffect, useState } from 'react';

interface Options<T, F> {
  /** Reads the list from the server. */
  load(): Promise<T[]>;
  /** The form's fields for an item, or for a new one when undefined. */
  toFields(item: T | undefined): F;
  /** Called after every change the server accepted (the page refreshes its counts). */
  onChange(): void;
  /** The session's call options: the list is read again when they change. */
  call: unknown;
}

/** The state of a console list with its edit form: the items, which one is edited, the fields, the error. */
export function useEditor<T, F>({ load, toFields, onChange, call }: Options<T, F>) {
  const [items, setItems] = useState<T[]>([]);
  const [editing, setEditing] = useState<T | undefined>();
  const [fields, setFields] = useState<F>(() => toFields(undefined));
  const [error, setError] = useState<string>();
  const reload = () =>
    load().then(
      (list) => setItems(list),
      (e) => setError(String(e)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per session
  useEffect(() => void reload(), [call]);

  const edit = (item: T | undefined) => {
    setEditing(item);
    setFields(toFields(item));
    setError(undefined);
  };
  /** Runs a change; on success the list is read again and, if `reset`, the form is emptied. */
  const run = async (fn: () => Promise<unknown>, reset = true) => {
    try {
      await fn();
      if (reset) edit(undefined);
      await reload();
      onChange();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return { items, editing, fields, setFields, error, edit, run };
}
