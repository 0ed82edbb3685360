import { DeployServiceDefinition, type Plan } from '@paddock/proto/deploy/v1/deploy.ts';
import { useState } from 'react';
import { parseHostLines } from '../../deploy/deployments-state.ts';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';

const SETS = ['overlay', 'etcd', 'k3s'];

/** Starts a deployment, or a plan only (shown here): a set, its hosts and/or a label selector, and its options. */
export function StartForm(props: { onError(e: string | undefined): void }) {
  const call = useCallOptions();
  const [set, setSet] = useState('overlay');
  const [hosts, setHosts] = useState('');
  const [selector, setSelector] = useState('');
  const [cluster, setCluster] = useState('');
  const [bundle, setBundle] = useState('');
  const [plan, setPlan] = useState<Plan>();
  const submit = async (planOnly: boolean) => {
    try {
      const r = await unary(
        DeployServiceDefinition,
        'startDeployment',
        {
          set,
          targets: parseHostLines(hosts),
          selector,
          plan: planOnly,
          options: { ...NO_OPTIONS, cluster, bundle },
        },
        call,
      );
      props.onError(undefined);
      setPlan(r.plan);
    } catch (err) {
      props.onError((err as Error).message);
    }
  };
  return (
    <section className="panel" aria-labelledby="start-title">
      <h2 id="start-title">Start a deployment</h2>
      <form
        className="edit-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <label className="field">
          Step set
          <select value={set} onChange={(e) => setSet(e.target.value)}>
            {SETS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Hosts (NAME=ADDRESS, one per line)
          <textarea rows={3} value={hosts} onChange={(e) => setHosts(e.target.value)} />
        </label>
        <label className="field">
          Inventory selector
          <input
            value={selector}
            placeholder="role=worker,cpu.cores>=2"
            onChange={(e) => setSelector(e.target.value)}
          />
        </label>
        {set !== 'overlay' && (
          <label className="field">
            Cluster
            <input value={cluster} placeholder="paddock" onChange={(e) => setCluster(e.target.value)} />
          </label>
        )}
        {set === 'k3s' && (
          <label className="field">
            Air-gap bundle directory (on the server)
            <input value={bundle} onChange={(e) => setBundle(e.target.value)} />
          </label>
        )}
        <div className="actions">
          <button type="button" onClick={() => void submit(true)}>
            Plan
          </button>{' '}
          <button type="submit">Deploy</button>
        </div>
      </form>
      {plan && (
        <pre role="log" aria-label="Plan" className="log">
          {plan.lines.join('\n')}
        </pre>
      )}
    </section>
  );
}

/** Zero values: the server's defaults, as the CLI's. */
const NO_OPTIONS = {
  limit: 0,
  network: '',
  subnet: '',
  transit: '',
  vni: 0,
  port: 0,
  agent: '',
  cluster: '',
  bundle: '',
  servers: '',
  tokenFile: '',
  datastore: '',
  datastoreMembers: '',
  agentBundle: '',
  masters: 0,
  grace: 0,
};
