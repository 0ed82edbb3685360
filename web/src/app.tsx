import { useCallback, useMemo, useState } from 'react';
import { LoginPage } from './components/login-page.tsx';
import { Shell } from './components/shell.tsx';
import type { CallOptions } from './grpc/index.ts';
import { clearToken, loadToken, saveToken } from './session.ts';
import { SessionContext } from './session-context.ts';

/** Login until a token is accepted; then the console, until logout or the server refuses it. */
export function App() {
  const [token, setToken] = useState(loadToken);
  const [notice, setNotice] = useState<string>();
  const logout = useCallback((why?: string) => {
    clearToken();
    setToken(undefined);
    setNotice(why);
  }, []);
  const session = useMemo<CallOptions>(
    () => ({ token, onUnauthenticated: () => logout('The server no longer accepts this token. Sign in again.') }),
    [token, logout],
  );
  if (!token) {
    return (
      <LoginPage
        notice={notice}
        onLogin={(t) => {
          saveToken(t);
          setNotice(undefined);
          setToken(t);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell onLogout={() => logout()} />
    </SessionContext.Provider>
  );
}
