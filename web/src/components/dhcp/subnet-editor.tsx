import { DhcpServiceDefinition, type Subnet } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { emptySubnet, fieldsToSubnet, type SubnetFields, subnetToFields } from '../../dhcp/subnet-form.ts';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';
import { EditForm, type FieldSpec } from '../form/edit-form.tsx';
import { useEditor } from '../form/use-editor.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

const SPECS: FieldSpec<SubnetFields>[] = [
  ['id', 'Subnet id', 'lab'],
  ['cidr', 'Network (CIDR)', '10.0.0.0/24'],
  ['pools', 'Pools', '10.0.0.100-10.0.0.200'],
  ['routers', 'Routers', '10.0.0.1'],
  ['dnsServers', 'DNS servers', '10.0.0.1'],
  ['domainName', 'Domain name', 'lab.example'],
  ['leaseSeconds', 'Lease time (s)', '3600'],
  ['interface', 'Interface', 'eth0'],
];

/** The subnets, and a form to add one or change one; the server applies a change at once. */
export function SubnetEditor({ onChange }: { onChange(): void }) {
  const call = useCallOptions();
  const e = useEditor<Subnet, SubnetFields>({
    call,
    onChange,
    load: () => unary(DhcpServiceDefinition, 'listSubnets', {}, call).then((r) => r.subnets),
    toFields: (s) => subnetToFields(s ?? emptySubnet()),
  });
  const save = () =>
    e.run(() => {
      const subnet = fieldsToSubnet(e.fields, e.editing);
      return e.editing
        ? unary(DhcpServiceDefinition, 'updateSubnet', { subnet }, call)
        : unary(DhcpServiceDefinition, 'createSubnet', { subnet }, call);
    });
  // Deleting a subnet keeps whatever is being typed into the form.
  const remove = (id: string) => e.run(() => unary(DhcpServiceDefinition, 'deleteSubnet', { id }, call), false);
  return (
    <section className="panel" aria-labelledby="dhcp-subnets-title">
      <h2 id="dhcp-subnets-title">Subnets</h2>
      <table className="grid-table" aria-label="Subnets">
        <TableHead columns={['Id', 'Network', 'Pools', 'Routers', '']} />
        <tbody>
          {e.items.map((s) => (
            <tr key={s.id} data-subnet={s.id}>
              <td>{s.id}</td>
              <td className="mono">{s.cidr}</td>
              <td className="mono">{s.pools.map((p) => `${p.first}–${p.last}`).join(', ')}</td>
              <td className="mono">{s.routers.join(', ') || '–'}</td>
              <td>
                <RowButton text="Edit" label={`Edit subnet ${s.id}`} onClick={() => e.edit(s)} />{' '}
                <RowButton text="Delete" label={`Delete subnet ${s.id}`} onClick={() => void remove(s.id)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <EditForm
        noun="subnet"
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
