/** `paddock deploy serve`'s run: the deploy server, loaded only when that verb runs. */
import { createDeploy } from '@paddock/deploy-service';
import { serverRun } from '../serve.ts';

export const run = serverRun({}, () => [createDeploy()]);
