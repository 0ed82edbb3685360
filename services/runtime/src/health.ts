/**
 * A server's health: one flag per component (grpc, http, and whatever modules report), whether
 * all are up, and a promise that settles at the next change (the status stream waits on it).
 */
export class Health {
  readonly #parts = new Map<string, boolean>([
    ['grpc', true],
    ['http', true],
  ]);
  #changed = Promise.withResolvers<void>();
  readonly #onChange: (serving: boolean) => void;

  /** `onChange` hears the overall verdict after every change (the gRPC health service follows it). */
  constructor(onChange: (serving: boolean) => void) {
    this.#onChange = onChange;
  }

  set(component: string, healthy: boolean): void {
    if (this.#parts.get(component) === healthy) return;
    this.#parts.set(component, healthy);
    this.#onChange(this.serving());
    this.#changed.resolve();
    this.#changed = Promise.withResolvers<void>();
  }

  serving(): boolean {
    return [...this.#parts.values()].every(Boolean);
  }

  components(): Record<string, boolean> {
    return Object.fromEntries(this.#parts);
  }

  changed(): Promise<void> {
    return this.#changed.promise;
  }
}
