import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOOT_TARGETS, RESET_TYPES, redfishDocuments, type SystemState } from './redfish-documents.ts';

export interface RedfishServerOptions {
  username?: string;
  password?: string;
  /** Answer resets with 202 and a task monitor that finishes after this many polls. */
  asyncPolls?: number;
  /** Wait this long before every answer (a slow BMC). */
  delayMs?: number;
  /** Top-level properties of the ComputerSystem left out (a sparse BMC). */
  omit?: string[];
  /** Answer every GET with this text instead of JSON. */
  garbage?: string;
}

/**
 * A Redfish service double for tests, shaped after DMTF's public-rackmount1 mockup (DSP2043):
 * one ComputerSystem with a Reset action and its allowable values, a one-time boot override,
 * Basic authentication, DMTF-style error bodies and a task monitor for asynchronous resets.
 */
type Sent = 'sent';
type Send = (status: number, body?: unknown, headers?: Record<string, string>) => Sent;

export class RedfishServer {
  readonly state: SystemState = { power: 'Off', bootEnabled: 'Disabled', bootTarget: 'None', resets: [] };
  readonly requests: string[] = [];
  readonly #o: Required<Omit<RedfishServerOptions, 'garbage'>> & { garbage?: string };
  readonly #server: Server;
  readonly #tasks = new Map<string, { polls: number; apply: () => void }>();
  #taskSeq = 0;

  private constructor(o: RedfishServerOptions) {
    this.#o = { username: 'root', password: 'calvin', asyncPolls: 0, delayMs: 0, omit: [], ...o };
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(o: RedfishServerOptions = {}): Promise<RedfishServer> {
    const s = new RedfishServer(o);
    await new Promise<void>((resolve) => s.#server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get username(): string {
    return this.#o.username;
  }

  get password(): string {
    return this.#o.password;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<Sent> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '/').replace(/\/$/, '') || '/';
    this.requests.push(`${req.method} ${path}`);
    if (this.#o.delayMs) await new Promise((r) => setTimeout(r, this.#o.delayMs));
    const send: Send = (status, body, headers = {}) => {
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'odata-version': '4.0', ...headers }).end(text);
      return 'sent';
    };
    if (path === '/redfish') return send(200, { v1: '/redfish/v1/' });
    if (path !== '/redfish/v1' && !this.#authorized(req))
      return send(
        401,
        error('Base.1.8.NoValidSession', 'There is no valid session established with the implementation.'),
      );
    if (this.#o.garbage && req.method === 'GET') return send(200, this.#o.garbage);
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return send(400, error('Base.1.8.MalformedJSON', 'The request body submitted was malformed JSON.'));
    }
    const docs = redfishDocuments(this.state, this.#o.omit);
    const sys = '/redfish/v1/Systems/437XR1138R2';
    if (req.method === 'GET' && path.startsWith('/redfish/v1/TaskService/Tasks/')) return this.#poll(path, send);
    if (req.method === 'GET' && docs[path]) return send(200, docs[path]);
    if (req.method === 'POST' && path === `${sys}/Actions/ComputerSystem.Reset`) return this.#reset(body, send);
    if (req.method === 'PATCH' && path === sys) return this.#patch(body, send);
    if (docs[path]) return send(405, error('Base.1.8.OperationNotAllowed', `${req.method} is not allowed on ${path}.`));
    return send(404, error('Base.1.8.ResourceMissingAtURI', `The resource at the URI ${path} was not found.`));
  }

  #authorized(req: IncomingMessage): boolean {
    const want = `Basic ${Buffer.from(`${this.#o.username}:${this.#o.password}`).toString('base64')}`;
    return req.headers.authorization === want;
  }

  #reset(body: Record<string, unknown>, send: Send): Sent {
    const type = body['ResetType'];
    if (typeof type !== 'string' || !RESET_TYPES.includes(type))
      return send(
        400,
        error(
          'Base.1.8.ActionParameterValueNotInList',
          `The value ${JSON.stringify(type)} for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values.`,
        ),
      );
    const apply = () => {
      this.state.resets.push(type);
      this.state.power = type === 'ForceOff' || type === 'GracefulShutdown' ? 'Off' : 'On';
    };
    if (this.#o.asyncPolls === 0) {
      apply();
      return send(204);
    }
    const id = String(++this.#taskSeq);
    this.#tasks.set(id, { polls: this.#o.asyncPolls, apply });
    const monitor = `/redfish/v1/TaskService/Tasks/${id}/Monitor`;
    return send(202, task(id, 'Running'), { location: monitor, 'retry-after': '0' });
  }

  #poll(path: string, send: Send): Sent {
    const m = /^\/redfish\/v1\/TaskService\/Tasks\/(\d+)(\/Monitor)?$/.exec(path);
    const t = m ? this.#tasks.get(m[1]!) : undefined;
    if (!m || !t)
      return send(404, error('Base.1.8.ResourceMissingAtURI', `The resource at the URI ${path} was not found.`));
    if (!m[2]) return send(200, task(m[1]!, t.polls > 0 ? 'Running' : 'Completed'));
    // No Retry-After on polls: sushy 4.3 passes its text to time.sleep and fails (a str).
    if (t.polls-- > 0) return send(202, task(m[1]!, 'Running'), { location: path });
    t.apply();
    t.apply = () => {};
    return send(204);
  }

  #patch(body: Record<string, unknown>, send: Send): Sent {
    const boot = body['Boot'] as Record<string, unknown> | undefined;
    const target = boot?.['BootSourceOverrideTarget'];
    const enabled = boot?.['BootSourceOverrideEnabled'];
    if (target !== undefined && (typeof target !== 'string' || !BOOT_TARGETS.includes(target)))
      return send(
        400,
        error(
          'Base.1.8.PropertyValueNotInList',
          `The value ${JSON.stringify(target)} for the property BootSourceOverrideTarget is not in the list of acceptable values.`,
        ),
      );
    if (enabled !== undefined && !['Disabled', 'Once', 'Continuous'].includes(enabled as string))
      return send(
        400,
        error(
          'Base.1.8.PropertyValueNotInList',
          `The value ${JSON.stringify(enabled)} for the property BootSourceOverrideEnabled is not in the list of acceptable values.`,
        ),
      );
    if (typeof target === 'string') this.state.bootTarget = target;
    if (typeof enabled === 'string') this.state.bootEnabled = enabled;
    return send(204);
  }
}

function error(id: string, message: string) {
  return {
    error: {
      code: id,
      message: 'A general error has occurred. See ExtendedInfo for more information.',
      '@Message.ExtendedInfo': [
        {
          '@odata.type': '#Message.v1_1_1.Message',
          MessageId: id,
          Message: message,
          Severity: 'Warning',
          Resolution: 'Correct the request and resubmit it.',
        },
      ],
    },
  };
}

function task(id: string, state: string) {
  return {
    '@odata.type': '#Task.v1_4_3.Task',
    '@odata.id': `/redfish/v1/TaskService/Tasks/${id}`,
    Id: id,
    Name: 'Task for ComputerSystem.Reset',
    TaskState: state,
    TaskStatus: 'OK',
    TaskMonitor: `/redfish/v1/TaskService/Tasks/${id}/Monitor`,
    Messages: [],
  };
}
