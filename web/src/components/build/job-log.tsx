import { BuildServiceDefinition } from '@paddock/proto/build/v1/build.ts';
import { useEffect, useState } from 'react';
import { serverStream } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';

/** A job's log, followed while the job runs (GetLog with follow). */
export function JobLog({ id }: { id: string }) {
  const call = useCallOptions();
  const [text, setText] = useState('');
  useEffect(() => {
    const stop = new AbortController();
    setText('');
    void (async () => {
      try {
        for await (const chunk of serverStream(
          BuildServiceDefinition,
          'getLog',
          { id, offset: 0n, follow: true },
          { ...call, signal: stop.signal },
        ))
          setText((t) => t + chunk.text);
      } catch (err) {
        if (!stop.signal.aborted) setText((t) => `${t}\n[log stream ended: ${(err as Error).message}]`);
      }
    })();
    return () => stop.abort();
  }, [id, call]);
  return (
    <section className="panel" aria-labelledby="log-title">
      <h2 id="log-title">Log of {id.slice(0, 8)}</h2>
      <pre className="log" role="log" aria-label="Build log">
        {text}
      </pre>
    </section>
  );
}
