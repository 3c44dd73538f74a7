// Tiny stand-ins for the Electron surfaces the rules take (shared by the security tests).
type AnyListener = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, AnyListener[]>();
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export function fakeEvent(fields: Record<string, unknown> = {}) {
  let prevented = false;
  return {
    ...fields,
    preventDefault() {
      prevented = true;
    },
    get prevented() {
      return prevented;
    },
  };
}
