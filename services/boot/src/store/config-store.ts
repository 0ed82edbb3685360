import { type Db, failedPrecondition, invalidArgument, notFound } from '@paddock/runtime';
import { NAME_PATTERN, parseRule, type Rule, ruleOrder } from '../rules/rule.ts';
import { validateTemplate } from '../script/template.ts';
import type { BootRows, Script } from './boot-rows.ts';
import { DEFAULT_RULES, DEFAULT_SCRIPT } from './defaults.ts';

export type { Script } from './boot-rows.ts';

/** Seeds the defaults once, as a migration, so deleting them later sticks. */
export function seedDefaults(db: Db): void {
  for (const r of DEFAULT_RULES)
    db.prepare('INSERT INTO rules (name, body) VALUES (?, ?)').run(r.name, JSON.stringify(r));
  const s = DEFAULT_SCRIPT;
  db.prepare('INSERT INTO scripts (name, body, description) VALUES (?, ?, ?)').run(s.name, s.body, s.description);
}

/**
 * Boot rules and script templates, validated on the way in and cached in memory, so answering
 * a DHCP request reads no disk. Every change made here reloads the cache; a change another
 * server made to shared rows (etcd) is picked up by `refresh()`, which the module calls when
 * the rows' watch tells of a change and which reloads only when the rows' mark moved.
 */
export class ConfigStore {
  readonly #rows: BootRows;
  #rules: Rule[];
  #mark: string;

  constructor(rows: BootRows) {
    this.#rows = rows;
    this.#mark = rows.mark();
    this.#rules = this.#loadRules();
  }

  /** The rows' watch (etcd), for calling `refresh()`; undefined where one server owns the rows. */
  get watch(): ((onChange: () => void) => void) | undefined {
    return this.#rows.watch?.bind(this.#rows);
  }

  /** Loads the rules again if another server changed them; true when it did. */
  refresh(): boolean {
    const mark = this.#rows.mark();
    if (mark === this.#mark) return false;
    this.#mark = mark;
    this.#rules = this.#loadRules();
    return true;
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
    this.#rows.putRule(rule.name, JSON.stringify(rule));
    this.#rules = this.#loadRules();
    return rule;
  }

  deleteRule(name: string): void {
    if (!this.#rows.deleteRule(name)) {
      throw notFound(`no rule named ${JSON.stringify(name)}`);
    }
    this.#rules = this.#loadRules();
  }

  scripts(): Script[] {
    return this.#rows.scripts();
  }

  script(name: string): Script | undefined {
    return this.#rows.script(name);
  }

  putScript(s: Script): Script {
    if (!NAME_PATTERN.test(s.name))
      throw invalidArgument(`script name ${JSON.stringify(s.name)}: must be lower-case letters, digits and dashes`);
    const bad = validateTemplate(s.body);
    if (bad) throw invalidArgument(`script ${s.name}: ${bad}`);
    this.#rows.putScript(s);
    return s;
  }

  deleteScript(name: string): void {
    const users = this.#rules.filter((r) => r.action.kind === 'script' && r.action.script === name);
    if (users.length > 0) {
      throw failedPrecondition(`script ${name} is used by rule ${users.map((r) => r.name).join(', ')}`);
    }
    if (!this.#rows.deleteScript(name)) {
      throw notFound(`no script named ${JSON.stringify(name)}`);
    }
  }

  #loadRules(): Rule[] {
    return this.#rows
      .ruleBodies()
      .map((body) => parseRule(JSON.parse(body)))
      .sort(ruleOrder);
  }
}
