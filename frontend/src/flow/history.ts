// Undo/redo over immutable snapshots. `push` with a `coalesce` tag replaces the present when the
// previous push had the same tag (typing into one form field is one undo step, not one per key).

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  tag: string | null;
}

export const HISTORY_LIMIT = 100;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], tag: null };
}

export function push<T>(history: History<T>, next: T, options: { coalesce?: string; limit?: number } = {}): History<T> {
  const tag = options.coalesce ?? null;
  if (tag !== null && tag === history.tag) {
    return { ...history, present: next, future: [] };
  }
  const past = [...history.past, history.present].slice(-(options.limit ?? HISTORY_LIMIT));
  return { past, present: next, future: [], tag };
}

export function undo<T>(history: History<T>): History<T> {
  if (history.past.length === 0) return history;
  const previous = history.past[history.past.length - 1];
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], tag: null };
}

export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  const [next, ...future] = history.future;
  return { past: [...history.past, history.present], present: next, future, tag: null };
}

export const canUndo = <T>(history: History<T>) => history.past.length > 0;
export const canRedo = <T>(history: History<T>) => history.future.length > 0;
