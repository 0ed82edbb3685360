import { type Db, failedPrecondition, invalidArgument, notFound } from '@paddock/runtime';
import { NAME_PATTERN, parseRule, type Rule, ruleOrder } from '../rules/rule.ts';
import { validateTemplate } from '../script/template.ts';
import { DEFAULT_RULES, DEFAULT_SCRIPT } from './defaults.ts';

export interface Script {
  name: string;
  body: string;
  description: string;
}

/** Seeds the defaults once, as a migration, so deleting them later sticks. */
export function seedDefaults(db: Db): void {
  for (const r of DEFAULT_RULES)
    db.prepare('INSERT INTO rules (name, body) VALUES (?, ?)').run(r.name, JSON.stringify(r));
  const s = DEFAULT_SCRIPT;
  db.prepare('INSERT INTO scripts (name, body, description) VALUES (?, ?, ?)').run(s.name, s.body, s.description);
}

/**
 * Boot rules and script templates, validated on the way in and cached in memory, so answering
 * a DHCP request reads no disk. Every change goes through here, so the cache cannot go stale.
 */
export class ConfigStore {
  readonly #db: Db;
  #rules: Rule[];

  constructor(db: Db) {
    this.#db = db;
    this.#rules = this.#loadRules();
  }

  rules(): readonly Rule[] {
    return this.#rules;
  }

  putRule(input: unknown): Rule {
    let rule: Rule;
    try {
      rule = parseRule(input);
    } catch (err) {
      throw invalidArgument((err as Error).message);
    }
    if (rule.action.kind === 'script' && !this.script(rule.action.script)) {
      throw failedPrecondition(`rule ${rule.name} names script ${rule.action.script}, which does not exist`);
    }
    this.#db
      .prepare('INSERT INTO rules (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body')
      .run(rule.name, JSON.stringify(rule));
    this.#rules = this.#loadRules();
    return rule;
  }

  deleteRule(name: string): void {
    if (this.#db.prepare('DELETE FROM rules WHERE name = ?').run(name).changes === 0) {
      throw notFound(`no rule named ${JSON.stringify(name)}`);
    }
    this.#rules = this.#loadRules();
  }

  scripts(): Script[] {
    return this.#db.prepare('SELECT name, body, description FROM scripts ORDER BY name').all() as Script[];
  }

  script(name: string): Script | undefined {
    return this.#db.prepare('SELECT name, body, description FROM scripts WHERE name = ?').get(name) as
      | Script
      | undefined;
  }

  putScript(s: Script): Script {
    if (!NAME_PATTERN.test(s.name))
      throw invalidArgument(`script name ${JSON.stringify(s.name)}: must be lower-case letters, digits and dashes`);
    const bad = validateTemplate(s.body);
    if (bad) throw invalidArgument(`script ${s.name}: ${bad}`);
    this.#db
      .prepare(
        `INSERT INTO scripts (name, body, description) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET body = excluded.body, description = excluded.description`,
      )
      .run(s.name, s.body, s.description);
    return s;
  }

  deleteScript(name: string): void {
    const users = this.#rules.filter((r) => r.action.kind === 'script' && r.action.script === name);
    if (users.length > 0) {
      throw failedPrecondition(`script ${name} is used by rule ${users.map((r) => r.name).join(', ')}`);
    }
    if (this.#db.prepare('DELETE FROM scripts WHERE name = ?').run(name).changes === 0) {
      throw notFound(`no script named ${JSON.stringify(name)}`);
    }
  }

  #loadRules(): Rule[] {
    const rows = this.#db.prepare('SELECT body FROM rules').all() as { body: string }[];
    return rows.map((r) => parseRule(JSON.parse(r.body))).sort(ruleOrder);
  }
}
