import { Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.ts';

describe('the lazily loaded verbs', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s is listed as the real command describes itself',
    { timeout: 60_000 },
    async (_name, lazy) => {
      const real = await lazy.load();
      expect(real.name()).toBe(lazy.name);
      expect(real.description()).toBe(lazy.description);
      expect(new Help().subcommandTerm(real)).toBe(lazy.term);
    },
  );

  it('lists each verb once', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });
});
