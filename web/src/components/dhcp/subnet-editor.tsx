import { DhcpServiceDefinition, type Subnet } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { useEffect, useState } from 'react';
import { emptySubnet, fieldsToSubnet, type SubnetFields, subnetToFields } from '../../dhcp/subnet-form.ts';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';
import { TextField } from './text-field.tsx';

const LABELS: [keyof SubnetFields, string, string][] = [
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
  const [subnets, setSubnets] = useState<Subnet[]>([]);
  const [editing, setEditing] = useState<Subnet | undefined>();
  const [fields, setFields] = useState<SubnetFields>(subnetToFields(emptySubnet()));
  const [error, setError] = useState<string>();
  const reload = () =>
    unary(DhcpServiceDefinition, 'listSubnets', {}, call).then(
      (r) => setSubnets(r.subnets),
      (e) => setError(String(e)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per session
  useEffect(() => void reload(), [call]);

  const edit = (s: Subnet | undefined) => {
    setEditing(s);
    setFields(subnetToFields(s ?? emptySubnet()));
    setError(undefined);
  };
  const save = async () => {
    try {
      const subnet = fieldsToSubnet(fields, editing);
      if (editing) await unary(DhcpServiceDefinition, 'updateSubnet', { subnet }, call);
      else await unary(DhcpServiceDefinition, 'createSubnet', { subnet }, call);
      edit(undefined);
      await reload();
      onChange();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const remove = async (id: string) => {
    try {
      await unary(DhcpServiceDefinition, 'deleteSubnet', { id }, call);
      await reload();
      onChange();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="dhcp-subnets-title">
      <h2 id="dhcp-subnets-title">Subnets</h2>
      <table className="grid-table" aria-label="Subnets">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Network</th>
            <th scope="col">Pools</th>
            <th scope="col">Routers</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {subnets.map((s) => (
            <tr key={s.id} data-subnet={s.id}>
              <td>{s.id}</td>
              <td className="mono">{s.cidr}</td>
              <td className="mono">{s.pools.map((p) => `${p.first}–${p.last}`).join(', ')}</td>
              <td className="mono">{s.routers.join(', ') || '–'}</td>
              <td>
                <button type="button" className="small" onClick={() => edit(s)} aria-label={`Edit subnet ${s.id}`}>
                  Edit
                </button>{' '}
                <button
                  type="button"
                  className="small"
                  onClick={() => void remove(s.id)}
                  aria-label={`Delete subnet ${s.id}`}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="edit-form"
        aria-label={editing ? `Edit subnet ${editing.id}` : 'New subnet'}
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
          <button type="submit">{editing ? 'Save subnet' : 'Add subnet'}</button>
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
