/**
 * `head N` / `tail N` pipes over a stream of matches, in input order (EQL-SEMANTICS.md §1): `head`
 * passes the first N and then needs no more input; `tail` keeps the last N in a bounded ring buffer and
 * releases them at the end. Stages chain in pipe order (`| head 10 | tail 2` = the last 2 of the first 10).
 */

/** A pipeline stage consumer. */
export interface PipeSink<T> {
  /** Offers the next match; returns false when no further input can change the output. */
  push(item: T): boolean;
  /** Ends the input: buffered items are released. */
  end(): void;
}

/**
 * Builds the chain for `pipes` in front of `emit`. With no pipes every item is emitted at once.
 * Memory: O(sum of tail counts).
 */
export function applyPipes<T>(pipes: readonly { readonly name: 'head' | 'tail'; readonly count: number }[], emit: (item: T) => void): PipeSink<T> {
  let sink: PipeSink<T> = {
    push: (item) => {
      emit(item);
      return true;
    },
    end: () => undefined,
  };
  for (const pipe of [...pipes].reverse()) sink = pipe.name === 'head' ? head(pipe.count, sink) : tail(pipe.count, sink);
  return sink;
}

function head<T>(count: number, next: PipeSink<T>): PipeSink<T> {
  let seen = 0;
  let open = true;
  return {
    push: (item) => {
      if (!open || seen >= count) return false;
      seen++;
      open = next.push(item);
      return open && seen < count;
    },
    end: () => next.end(),
  };
}

function tail<T>(count: number, next: PipeSink<T>): PipeSink<T> {
  const ring: T[] = new Array<T>(count);
  let total = 0;
  return {
    push: (item) => {
      if (count > 0) ring[total % count] = item;
      total++;
      return true;
    },
    end: () => {
      const kept = Math.min(total, count);
      for (let i = total - kept; i < total; i++) if (!next.push(ring[i % count]!)) break;
      next.end();
    },
  };
}
