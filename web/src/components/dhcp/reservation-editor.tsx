import { DhcpServiceDefinition, type Reservation } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { useEffect, useState } from 'react';
import { fieldsToReservation, type ReservationFields, reservationToFields } from '../../dhcp/subnet-form.ts';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';
import { TextField } from './text-field.tsx';

const EMPTY: ReservationFields = { id: '', mac: '', clientId: '', address: '', hostname: '' };
const LABELS: [keyof ReservationFields, string, string][] = [
  ['id', 'Reservation id', 'web-1'],
  ['mac', 'MAC address', '52:54:00:12:34:56'],
  ['clientId', 'Client id (hex)', '01:52:54:00:12:34:56'],
  ['address', 'Address', '10.0.0.20'],
  ['hostname', 'Host name', 'web-1'],
];

/** Fixed addresses by MAC or client id: a list and a form; applied at once by the server. */
export function ReservationEditor({ onChange }: { onChange(): void }) {
  const call = useCallOptions();
  const [list, setList] = useState<Reservation[]>([]);
  const [editing, setEditing] = useState<Reservation | undefined>();
  const [fields, setFields] = useState<ReservationFields>(EMPTY);
  const [error, setError] = useState<string>();
  const reload = () =>
    unary(DhcpServiceDefinition, 'listReservations', {}, call).then(
      (r) => setList(r.reservations),
      (e) => setError(String(e)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per session
  useEffect(() => void reload(), [call]);

  const edit = (r: Reservation | undefined) => {
    setEditing(r);
    setFields(r ? reservationToFields(r) : EMPTY);
    setError(undefined);
  };
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      edit(undefined);
      await reload();
      onChange();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const save = () => {
    const reservation = fieldsToReservation(fields, editing);
    return run(() =>
      editing
        ? unary(DhcpServiceDefinition, 'updateReservation', { reservation }, call)
        : unary(DhcpServiceDefinition, 'createReservation', { reservation }, call),
    );
  };
  return (
    <section className="panel" aria-labelledby="dhcp-reservations-title">
      <h2 id="dhcp-reservations-title">Reservations</h2>
      {list.length === 0 && <p className="empty">No reservations.</p>}
      {list.length > 0 && (
        <table className="grid-table" aria-label="Reservations">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Address</th>
              <th scope="col">MAC / client id</th>
              <th scope="col">Host name</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id} data-reservation={r.id}>
                <td>{r.id}</td>
                <td className="mono">{r.address}</td>
                <td className="mono">{r.mac || r.clientId}</td>
                <td>{r.hostname || '–'}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    onClick={() => edit(r)}
                    aria-label={`Edit reservation ${r.id}`}
                  >
                    Edit
                  </button>{' '}
                  <button
                    type="button"
                    className="small"
                    onClick={() =>
                      void run(() => unary(DhcpServiceDefinition, 'deleteReservation', { id: r.id }, call))
                    }
                    aria-label={`Delete reservation ${r.id}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="edit-form"
        aria-label={editing ? `Edit reservation ${editing.id}` : 'New reservation'}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {LABELS.map(([key, label, placeholder]) => (
          <TextField
            key={key}
            label={label}
            value={fields[key]}
            placeholder={placeholder}
            disabled={key === 'id' && editing !== undefined}
            onChange={(v) => setFields({ ...fields, [key]: v })}
          />
        ))}
        <div className="actions">
          <button type="submit">{editing ? 'Save reservation' : 'Add reservation'}</button>
          {editing && (
            <button type="button" className="small" onClick={() => edit(undefined)}>
              Cancel
            </button>
          )}
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
