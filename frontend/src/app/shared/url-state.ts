import { ActivatedRoute, Router } from '@angular/router';

/**
 * Mirrors a page's filters into its query string (so Back and shared links restore them),
 * without a navigation when nothing changed. Empty values are left out of the URL.
 */
export function syncQueryParams(router: Router, route: ActivatedRoute, params: Record<string, string | null | undefined>): void {
  const current = route.snapshot.queryParamMap;
  const next: Record<string, string | null> = {};
  let changed = false;
  for (const [key, raw] of Object.entries(params)) {
    const value = raw ? raw : null;
    next[key] = value;
    if ((current.get(key) ?? null) !== value) changed = true;
  }
  if (changed) {
    void router.navigate([], { relativeTo: route, queryParams: next, queryParamsHandling: 'merge', replaceUrl: true });
  }
}
