import { readFileSync } from 'node:fs';
import { camelKeys } from '@paddock/dhcp';
import { Subnet } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { parse as parseYaml } from 'yaml';

/**
 * A subnet from a YAML or JSON file in the config file's form (`--from-file`). Imported by the
 * verbs that read one when they run, so YAML and the DHCP configuration schema stay out of the
 * start of every other DHCP verb.
 */
export function readSubnetFile(file: string): Subnet {
  return Subnet.fromJSON(camelKeys(parseYaml(readFileSync(file, 'utf8'))));
}
