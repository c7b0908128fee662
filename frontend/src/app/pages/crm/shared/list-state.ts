import { Signal, signal } from '@angular/core';
import { Observable, Subject, catchError, EMPTY, map, switchMap } from 'rxjs';

import type { Page } from '../../../core/http/page';

/**
 * A server-paginated list ("load more" by `next_cursor`): the latest request wins (switchMap),
 * so a slow answer for old filters never overwrites the rows of new ones.
 */
export class CursorList<T, Q> {
  private readonly itemsState = signal<T[]>([]);
  private readonly cursorState = signal<string | null>(null);
  private readonly loadingState = signal(false);
  private readonly loadingMoreState = signal(false);
  private readonly failedState = signal(false);
  private readonly loadedState = signal(false);
  private readonly requests = new Subject<{ query: Q; cursor: string | null }>();
  private query: Q | null = null;
  private readonly queryState = signal<Q | null>(null);
  /** The query of the rows shown (an export of exactly this list uses it). */
  readonly currentQuery: Signal<Q | null> = this.queryState.asReadonly();

  readonly items: Signal<T[]> = this.itemsState.asReadonly();
  readonly nextCursor: Signal<string | null> = this.cursorState.asReadonly();
  readonly loading: Signal<boolean> = this.loadingState.asReadonly();
  readonly loadingMore: Signal<boolean> = this.loadingMoreState.asReadonly();
  readonly failed: Signal<boolean> = this.failedState.asReadonly();
  /** True once the first page for the current query arrived. */
  readonly loaded: Signal<boolean> = this.loadedState.asReadonly();

  /** Subscribe to the returned observable for the lifetime of the owner (takeUntilDestroyed). */
  constructor(private readonly fetch: (query: Q, cursor: string | null) => Observable<Page<T>>) {}

  connect(): Observable<void> {
    return this.requests.pipe(
      switchMap(({ query, cursor }) => {
        this.failedState.set(false);
        (cursor ? this.loadingMoreState : this.loadingState).set(true);
        if (!cursor) {
          this.loadedState.set(false);
        }
        return this.fetch(query, cursor).pipe(
          map((page) => ({ page, more: !!cursor })),
          catchError(() => {
            this.loadingState.set(false);
            this.loadingMoreState.set(false);
            this.failedState.set(true);
            return EMPTY;
          }),
        );
      }),
      map(({ page, more }) => {
        this.itemsState.update((current) => (more ? [...current, ...page.items] : page.items));
        this.cursorState.set(page.next_cursor);
        this.loadingState.set(false);
        this.loadingMoreState.set(false);
        this.loadedState.set(true);
      }),
    );
  }

  load(query: Q): void {
    this.query = query;
    this.queryState.set(query);
    this.requests.next({ query, cursor: null });
  }

  reload(): void {
    if (this.query !== null) {
      this.load(this.query);
    }
  }

  loadMore(): void {
    const cursor = this.cursorState();
    if (cursor && this.query !== null && !this.loadingMoreState()) {
      this.requests.next({ query: this.query, cursor });
    }
  }

  /** Local edits (an item moved, updated or removed) without a round trip. */
  update(fn: (items: T[]) => T[]): void {
    this.itemsState.update(fn);
  }
}
