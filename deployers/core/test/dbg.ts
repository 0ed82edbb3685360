import { SshLab } from './ssh-lab.ts';

const l = await SshLab.create('dbg', ['a', 'b']);
const t = await l.transport();
const r = t.remote(l.targets()[0]!, () => {});
await r.run('true');
await t.close();
const t0 = Date.now();
console.log('destroying', process.pid);
await l.destroy();
console.log('destroy', Date.now() - t0);
