import { BootRule, BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { useCallback, useEffect, useState } from 'react';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

const EXAMPLE = JSON.stringify(
  {
    name: 'my-rule',
    priority: 10,
    description: '',
    match: { macs: ['52:54:00:*'], archs: [], ipxe: 'IPXE_MATCH_YES', labels: {} },
    action: { script: 'default' },
  },
  null,
  2,
);

const actionText = (r: BootRule) => {
  const k = r.action?.kind;
  return !k ? '' : k.$case === 'ignore' ? 'ignore' : `${k.$case} ${k.value}`;
};

/** The rules in the order they are tried, and an editor that stores one (JSON, as the API has it). */
export function RulesPanel() {
  const call = useCallOptions();
  const [rules, setRules] = useState<BootRule[]>([]);
  const [text, setText] = useState(EXAMPLE);
  const [notice, setNotice] = useState<string>();
  const load = useCallback(
    () =>
      unary(BootServiceDefinition, 'listRules', {}, call).then(
        (r) => setRules(r.rules),
        (e) => setNotice(String(e)),
      ),
    [call],
  );
  useEffect(() => void load(), [load]);
  const save = async () => {
    try {
      const rule = BootRule.fromJSON(JSON.parse(text));
      await unary(BootServiceDefinition, 'putRule', { rule }, call);
      setNotice(`Stored rule ${rule.name}.`);
      await load();
    } catch (err) {
      setNotice(`Not stored: ${err instanceof Error ? err.message : err}`);
    }
  };
  return (
    <section className="panel" aria-labelledby="boot-rules-title">
      <h2 id="boot-rules-title">Rules</h2>
      <table aria-label="Boot rules">
        <TableHead columns={['Priority', 'Name', 'Action', '']} />
        <tbody>
          {rules.map((r) => (
            <tr key={r.name}>
              <td>{r.priority}</td>
              <td>{r.name}</td>
              <td>{actionText(r)}</td>
              <td>
                <RowButton
                  text="Edit"
                  label={`Edit ${r.name}`}
                  className="ghost"
                  onClick={() => setText(JSON.stringify(BootRule.toJSON(r), null, 2))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        Rule (JSON)
        <textarea aria-label="Rule JSON" rows={12} cols={80} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="button" onClick={() => void save()}>
        Save rule
      </button>
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
