/** What a control-plane policy decides: the value to commit, or a refusal with its counted reason. */
export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string; message: string };

export const refuse = (reason: string, message: string): { ok: false; reason: string; message: string } => ({
  ok: false,
  reason,
  message,
});

export const accept = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
