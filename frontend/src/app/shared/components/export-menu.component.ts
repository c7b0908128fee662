import { DOCUMENT } from '@angular/common';
import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule, MatIconRegistry } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { DomSanitizer } from '@angular/platform-browser';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { API_BASE } from '../../core/http/api-url';
import { silentErrors } from '../../core/http/http-context';
import { NotificationService } from '../../core/notification.service';
import { saveDownload } from '../download';

export type ExportFormat = 'csv' | 'xlsx';

/** Paging is not a filter: an export always returns every matching row. */
const NOT_FILTERS = new Set(['limit', 'cursor', 'format']);

/**
 * `GET /api/<list>/export?<filters>&format=` — the export URL of a list (`list` = its API path
 * without `/api`, e.g. `leads`, `ops/rfqs`, `dso/aging`) for the filters the page currently
 * applies. Empty values are left out, arrays repeat their key, booleans are `true`/`false`;
 * `limit`/`cursor` are dropped (the server refuses them on exports).
 */
export function exportUrl(list: string, params: object | null | undefined, format: ExportFormat): string {
  const path = list.replace(/^\/+|\/+$/g, '').replace(/^api\//, '');
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (NOT_FILTERS.has(key)) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined || item === '' || typeof item === 'object') {
        continue;
      }
      search.append(key, String(item));
    }
  }
  search.set('format', format);
  return `${API_BASE}/${path}/export?${search.toString()}`;
}

/** The problem `detail` of a failed blob request (the body arrives as a Blob, not JSON). */
async function problemDetail(error: unknown): Promise<string | null> {
  if (!(error instanceof HttpErrorResponse)) {
    return null;
  }
  try {
    const body: unknown = error.error instanceof Blob ? JSON.parse(await error.error.text()) : error.error;
    const detail = body && typeof body === 'object' ? (body as { detail?: unknown }).detail : null;
    return typeof detail === 'string' && detail.trim() ? detail : null;
  } catch {
    return null;
  }
}

const EXPORT_ICON = 'M19 9h-4V3H9v6H5l7 7 7-7zM5 18v2h14v-2H5z';

/**
 * "Ekspor" → CSV / Excel (XLSX): downloads the list the page shows, with the filters it applies
 * now (`params`), from `GET /api/<list>/export`. The request goes through HttpClient (so the
 * auth interceptor adds the bearer and refreshes it), the blob is saved through a temporary
 * object URL and an anchor click; a failure shows a snack bar (the problem's detail when the
 * server sent one).
 *
 * `<bcc-export-menu list="leads" [params]="query()" testId="leads-export" />`
 * Test ids: `<testId>` (menu button), `<testId>-csv`, `<testId>-xlsx`.
 */
@Component({
  selector: 'bcc-export-menu',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      mat-stroked-button
      type="button"
      [matMenuTriggerFor]="menu"
      [disabled]="busy() !== null || disabled()"
      [attr.aria-label]="'export.label' | transloco"
      [attr.aria-busy]="busy() !== null"
      [attr.data-testid]="testId()"
    >
      <mat-icon svgIcon="bcc-export" />
      {{ (busy() ? 'export.busy' : 'export.button') | transloco }}
    </button>
    <mat-menu #menu="matMenu" xPosition="before">
      <button mat-menu-item type="button" (click)="download('csv')" [attr.data-testid]="testId() + '-csv'">
        {{ 'export.csv' | transloco }}
      </button>
      <button mat-menu-item type="button" (click)="download('xlsx')" [attr.data-testid]="testId() + '-xlsx'">
        {{ 'export.xlsx' | transloco }}
      </button>
    </mat-menu>
  `,
})
export class ExportMenuComponent {
  /** The list's API path without `/api` (e.g. `leads`, `ops/rfqs`, `imports/IM-2026-000001/rows`). */
  readonly list = input.required<string>();
  /** The filters the page applies now (its list query); paging keys are ignored. */
  readonly params = input<object | null>(null);
  readonly testId = input('export');
  readonly disabled = input(false);

  private readonly http = inject(HttpClient);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  protected readonly busy = signal<ExportFormat | null>(null);

  constructor() {
    // A compile-time constant of this file, never user input.
    inject(MatIconRegistry).addSvgIconLiteral(
      'bcc-export',
      inject(DomSanitizer).bypassSecurityTrustHtml(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="${EXPORT_ICON}"/></svg>`),
    );
  }

  /** The URL the current filters export to. */
  url(format: ExportFormat): string {
    return exportUrl(this.list(), this.params(), format);
  }

  download(format: ExportFormat): void {
    if (this.busy()) {
      return;
    }
    this.busy.set(format);
    const fallback = `${this.list().replace(/^\/+|\/+$/g, '').replace(/\//g, '-')}.${format}`;
    this.http.get(this.url(format), { responseType: 'blob', observe: 'response', context: silentErrors() }).subscribe({
      next: (response) => {
        this.busy.set(null);
        saveDownload(response, fallback, this.document);
      },
      error: (error: unknown) => {
        this.busy.set(null);
        void this.fail(error);
      },
    });
  }

  private async fail(error: unknown): Promise<void> {
    // 401: the auth interceptor already refreshed or signed the user out.
    if (error instanceof HttpErrorResponse && error.status === 401) {
      return;
    }
    const detail = await problemDetail(error);
    await this.notifications.error(
      detail ? this.transloco.translate('export.failedDetail', { detail }) : this.transloco.translate('export.failed'),
    );
  }
}
