import { BuildServiceDefinition, type Recipe } from '@paddock/proto/build/v1/build.ts';
import { useState } from 'react';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';

/** Starts a build: a recipe, its parameters as JSON (checked by the server), where to publish. */
export function RunForm(props: {
  recipes: Recipe[];
  onStarted(id: string): void;
  onError(e: string | undefined): void;
}) {
  const call = useCallOptions();
  const [recipe, setRecipe] = useState('');
  const [params, setParams] = useState('{}');
  const [publish, setPublish] = useState('');
  const chosen = props.recipes.find((r) => r.name === recipe) ?? props.recipes[0];
  const submit = async () => {
    if (!chosen) return;
    try {
      const { job } = await unary(
        BuildServiceDefinition,
        'runBuild',
        { recipe: chosen.name, paramsJson: params, timeoutSeconds: 0, publishPrefix: publish, noCache: false },
        call,
      );
      props.onError(undefined);
      if (job) props.onStarted(job.id);
    } catch (err) {
      props.onError((err as Error).message);
    }
  };
  return (
    <section className="panel" aria-labelledby="run-title">
      <h2 id="run-title">Run a build</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Recipe
          <select value={chosen?.name ?? ''} onChange={(e) => setRecipe(e.target.value)}>
            {props.recipes.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        {chosen && <p className="muted">{chosen.description}</p>}
        <label>
          Parameters (JSON)
          <textarea rows={3} value={params} onChange={(e) => setParams(e.target.value)} />
        </label>
        {chosen && chosen.params.length > 0 && (
          <p className="muted">{chosen.params.map((p) => `${p.name}: ${p.description}`).join('; ')}</p>
        )}
        <label>
          Publish as boot files under
          <input value={publish} placeholder="images/node" onChange={(e) => setPublish(e.target.value)} />
        </label>
        <button type="submit" disabled={!chosen}>
          Build
        </button>
      </form>
    </section>
  );
}
