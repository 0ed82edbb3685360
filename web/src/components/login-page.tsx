import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { type FormEvent, useState } from 'react';
import { GrpcCode, GrpcError, unary } from '../grpc/index.ts';
import { normalizeToken } from '../session.ts';

interface Props {
  /** Shown above the form, e.g. why the last session ended. */
  notice?: string | undefined;
  onLogin(token: string): void;
}

/** Paste the admin token; it is checked with GetInfo before the console opens. */
export function LoginPage({ notice, onLogin }: Props) {
  const [input, setInput] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const token = normalizeToken(input);
    if (!token) return setError('Paste the admin token first.');
    setBusy(true);
    setError(undefined);
    try {
      await unary(SystemServiceDefinition, 'getInfo', {}, { token });
      onLogin(token);
    } catch (err) {
      setBusy(false);
      const refused = err instanceof GrpcError && err.code === GrpcCode.UNAUTHENTICATED;
      setError(
        refused ? `The server did not accept this token (${err.message}).` : `Could not check the token: ${err}`,
      );
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">
          <span className="brand-mark" aria-hidden="true" /> Paddock
        </h1>
        <p className="muted">Sign in with the admin token of this server.</p>
        {notice && <p className="notice">{notice}</p>}
        <label htmlFor="token">Admin token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <details className="help" open>
          <summary>Where is the token?</summary>
          <p>
            The server writes it on first start to <code>&lt;data-dir&gt;/admin.token</code>. On the server machine,{' '}
            <code>paddock token</code> prints it.
          </p>
        </details>
      </form>
    </main>
  );
}
