import { InjectionToken } from '@angular/core';

/** In-memory stand-in when the browser refuses Web Storage (privacy modes, sandboxed frames). */
class MemoryStorage implements Storage {
  private readonly data = new Map<string, string>();
  get length(): number {
    return this.data.size;
  }
  clear(): void {
    this.data.clear();
  }
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
}

function usable(pick: () => Storage): Storage {
  try {
    const storage = pick();
    const probe = '__bcc_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return new MemoryStorage();
  }
}

/** Per-tab storage for the session (tokens + user): closing the tab signs out. */
export const SESSION_STORAGE = new InjectionToken<Storage>('SESSION_STORAGE', {
  providedIn: 'root',
  factory: () => usable(() => globalThis.sessionStorage),
});

/** Persistent storage for preferences (language). */
export const LOCAL_STORAGE = new InjectionToken<Storage>('LOCAL_STORAGE', {
  providedIn: 'root',
  factory: () => usable(() => globalThis.localStorage),
});
