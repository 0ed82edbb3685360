import { DhcpServiceDefinition, type Reservation } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { fieldsToReservation, type ReservationFields, reservationToFields } from '../../dhcp/subnet-form.ts';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';
import { EditForm, type FieldSpec } from '../form/edit-form.tsx';
import { useEditor } from '../form/use-editor.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

const EMPTY: ReservationFields = { id: '', mac: '', clientId: '', address: '', hostname: '' };
const SPECS: FieldSpec<ReservationFields>[] = [
  ['id', 'Reservation id', 'web-1'],
  ['mac', 'MAC address', '52:54:00:12:34:56'],
  ['clientId', 'Client id (hex)', '01:52:54:00:12:34:56'],
  ['address', 'Address', '10.0.0.20'],
  ['hostname', 'Host name', 'web-1'],
];

/** Fixed addresses by MAC or client id: a list and a form; applied at once by the server. */
export function ReservationEditor({ onChange }: { onChange(): void }) {
  const call = useCallOptions();
  const e = useEditor<Reservation, ReservationFields>({
    call,
    onChange,
    load: () => unary(DhcpServiceDefinition, 'listReservations', {}, call).then((r) => r.reservations),
    toFields: (r) => (r ? reservationToFields(r) : EMPTY),
  });
  const save = () =>
    e.run(() => {
      const reservation = fieldsToReservation(e.fields, e.editing);
      return e.editing
        ? unary(DhcpServiceDefinition, 'updateReservation', { reservation }, call)
        : unary(DhcpServiceDefinition, 'createReservation', { reservation }, call);
    });
  return (
    <section className="panel" aria-labelledby="dhcp-reservations-title">
      <h2 id="dhcp-reservations-title">Reservations</h2>
      {e.items.length === 0 && <p className="empty">No reservations.</p>}
      {e.items.length > 0 && (
        <table className="grid-table" aria-label="Reservations">
          <TableHead columns={['Id', 'Address', 'MAC / client id', 'Host name', '']} />
          <tbody>
            {e.items.map((r) => (
              <tr key={r.id} data-reservation={r.id}>
                <td>{r.id}</td>
                <td className="mono">{r.address}</td>
                <td className="mono">{r.mac || r.clientId}</td>
                <td>{r.hostname || '–'}</td>
                <td>
                  <RowButton text="Edit" label={`Edit reservation ${r.id}`} onClick={() => e.edit(r)} />{' '}
                  <RowButton
                    text="Delete"
                    label={`Delete reservation ${r.id}`}
                    onClick={() =>
                      void e.run(() => unary(DhcpServiceDefinition, 'deleteReservation', { id: r.id }, call))
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <EditForm
        noun="reservation"
        specs={SPECS}
        fields={e.fields}
        editingId={e.editing?.id}
        error={e.error}
        onFields={e.setFields}
        onSave={() => void save()}
        onCancel={() => e.edit(undefined)}
      />
    </section>
  );
}
