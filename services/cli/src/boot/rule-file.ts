import { readFileSync } from 'node:fs';
import { parseRule, type Rule } from '@paddock/boot';
import { PaddockError } from '@paddock/runtime';
import { parse as parseYaml } from 'yaml';

/*
 * Boot rules read and checked against the rule schema. Imported by the `boot rules` actions when
 * they run, so YAML and the schema library stay out of the start of the other boot verbs.
 */

export { parseRule };

/** One rule or a list of them from a YAML/JSON file (- for stdin), each checked. */
export function readRules(file: string): Rule[] {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (err) {
    throw new PaddockError('invalidArgument', `cannot read ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    return (Array.isArray(doc) ? doc : [doc]).map(parseRule);
  } catch (err) {
    throw new PaddockError('invalidArgument', (err as Error).message);
  }
}
