import { Signal, signal } from '@angular/core';
import { EMPTY, Observable, Subject, catchError, map, switchMap } from 'rxjs';

import type { Page } from '../../../core/http/page';

/**
 * A server-paginated list ("load more" by `next_cursor`): the latest request wins (switchMap),
 * so a slow answer for old filters never overwrites the rows of new ones.
 */
export class CursorList<T, Q> {
  private readonly itemsState = signal<T[]>([]);
  private readonly cursorState = signal<string | null>(null);
  private readonly loadingState = signal(false);
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
  readonly failed: Signal<boolean> = this.failedState.asReadonly();
  readonly loaded: Signal<boolean> = this.loadedState.asReadonly();

  constructor(private readonly fetch: (query: Q, cursor: string | null) => Observable<Page<T>>) {}

  /** Subscribe for the owner's lifetime (takeUntilDestroyed). */
  connect(): Observable<void> {
    return this.requests.pipe(
      switchMap(({ query, cursor }) => {
        this.failedState.set(false);
        this.loadingState.set(true);
        if (!cursor) {
          this.loadedState.set(false);
        }
        return this.fetch(query, cursor).pipe(
          map((page) => ({ page, more: !!cursor })),
          catchError(() => {
            this.loadingState.set(false);
            this.failedState.set(true);
            return EMPTY;
          }),
        );
      }),
      map(({ page, more }) => {
        this.itemsState.update((current) => (more ? [...current, ...page.items] : page.items));
        this.cursorState.set(page.next_cursor);
        this.loadingState.set(false);
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
    if (cursor && this.query !== null && !this.loadingState()) {
      this.requests.next({ query: this.query, cursor });
    }
  }
}
