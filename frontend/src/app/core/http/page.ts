/** A keyset-paginated list (`{items, next_cursor}`; `?limit=&cursor=`), api.md. */
export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `?cursor=` for the next page. `null` on the last page. */
  next_cursor: string | null;
}
