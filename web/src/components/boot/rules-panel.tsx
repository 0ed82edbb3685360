import { type BootRule, BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { ARCH_NAMES, EMPTY_RULE, fieldsToRule, type RuleFields, ruleToFields } from '../../boot/rule-form.ts';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';
import { EditForm, type FieldSpec } from '../form/edit-form.tsx';
import { useEditor } from '../form/use-editor.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

const SPECS: FieldSpec<RuleFields>[] = [
  ['id', 'Rule name', 'uefi-lab'],
  ['priority', 'Priority', '100'],
  ['description', 'Description', 'UEFI machines of the lab'],
  ['macs', 'MACs (prefixes end in *)', '52:54:00:*'],
  ['archs', 'Architectures', [...ARCH_NAMES.keys()].slice(0, 3).join(', ')],
  [
    'ipxe',
    'Running iPXE',
    '',
    [
      ['any', 'either'],
      ['yes', 'yes (user class iPXE)'],
      ['no', 'no (firmware PXE)'],
    ],
  ],
  ['labels', 'Machine labels (key=value)', 'rack=r1'],
  [
    'action',
    'Answer with',
    '',
    [
      ['script', 'iPXE script template'],
      ['file', 'stored file'],
      ['url', 'URL'],
      ['ignore', 'nothing (ignore)'],
    ],
  ],
  ['target', 'Template, file or URL', 'default'],
];

const matchText = (r: BootRule) => {
  const m = r.match;
  const parts = [
    m?.macs.length ? m.macs.join(' ') : '',
    m?.archs.length ? ruleToFields(r).archs : '',
    m?.ipxe === 2 ? 'iPXE' : m?.ipxe === 3 ? 'not iPXE' : '',
    Object.keys(m?.labels ?? {}).length ? ruleToFields(r).labels : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'every machine';
};
const actionText = (r: BootRule) => {
  const k = r.action?.kind;
  return !k ? '' : k.$case === 'ignore' ? 'ignore' : `${k.$case} ${k.value}`;
};

/** The rules in the order they are tried, and a form that adds or changes one (as the DHCP editors). */
export function RulesPanel() {
  const call = useCallOptions();
  const e = useEditor<BootRule, RuleFields>({
    call,
    onChange: () => {},
    load: () => unary(BootServiceDefinition, 'listRules', {}, call).then((r) => r.rules),
    toFields: (r) => (r ? ruleToFields(r) : EMPTY_RULE),
  });
  const save = () => e.run(() => unary(BootServiceDefinition, 'putRule', { rule: fieldsToRule(e.fields) }, call));
  return (
    <section className="panel" aria-labelledby="boot-rules-title">
      <h2 id="boot-rules-title">Rules</h2>
      {e.items.length === 0 && <p className="empty">No rules: no machine gets a boot answer.</p>}
      {e.items.length > 0 && (
        <table className="grid-table" aria-label="Boot rules">
          <TableHead columns={['Priority', 'Name', 'Matches', 'Action', '']} />
          <tbody>
            {e.items.map((r) => (
              <tr key={r.name} data-rule={r.name}>
                <td>{r.priority}</td>
                <td title={r.description}>{r.name}</td>
                <td className="mono">{matchText(r)}</td>
                <td className="mono">{actionText(r)}</td>
                <td>
                  <RowButton text="Edit" label={`Edit rule ${r.name}`} onClick={() => e.edit(r)} />{' '}
                  <RowButton
                    text="Delete"
                    label={`Delete rule ${r.name}`}
                    onClick={() => void e.run(() => unary(BootServiceDefinition, 'deleteRule', { name: r.name }, call))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <EditForm
        noun="rule"
        specs={SPECS}
        fields={e.fields}
        editingId={e.editing?.name}
        error={e.error}
        onFields={e.setFields}
        onSave={() => void save()}
        onCancel={() => e.edit(undefined)}
      />
    </section>
  );
}
