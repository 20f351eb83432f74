/** A tiny typed event emitter: lib runs in browsers and workers, where Node's EventEmitter is absent. */
export class Emitter<Events extends { [name: string]: unknown }> {
  private listeners: { [K in keyof Events]?: Array<(payload: Events[K]) => void> } = {};

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void {
    (this.listeners[name] ??= []).push(listener);
    return () => {
      this.listeners[name] = this.listeners[name]?.filter((l) => l !== listener);
    };
  }

  /** Calls every listener of `name` with `payload`, in the order they were added. */
  protected emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners[name] ?? [])]) listener(payload);
  }
}
