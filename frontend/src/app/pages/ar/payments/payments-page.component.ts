import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { EMPTY, Subject, catchError, map, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { DrillDefs, injectDrillFilters } from '../../../shared/components/drill-filters';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';
import { FilterChipsComponent } from '../../../shared/components/filter-chips.component';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { IdDatePipe, IdrPipe } from '../../../shared/format/format.pipes';
import { syncQueryParams } from '../../../shared/url-state';
import { ArApiService } from '../shared/ar-api.service';
import { AR_WRITER_ROLES, Payment, hasRole } from '../shared/ar.models';
import { injectIsPhone } from '../shared/util';

/** The URL filters of this list (a drill such as "collected this month" sets the date range). */
export const PAYMENT_DRILL: DrillDefs = {
  ranges: [{ from: 'from', to: 'to', kind: 'date', label: 'ar.drill.paymentDate' }],
};

/**
 * AR → Payments: every payment the user may see (finance all, sales their customers'), newest
 * first, with server "load more", the payment-date range from the URL as a removable chip and a
 * CSV/XLSX export of exactly this list. A row links to its invoice.
 * Test ids: page-ar-payments, ar-payments-table, ar-payment-row-<payment_id>, ar-payments-more,
 * ar-payments-empty, ar-payments-export.
 */
@Component({
  selector: 'bcc-ar-payments-page',
  imports: [
    RouterLink, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, MatTableModule, TranslocoPipe, PageHeaderComponent,
    IdrPipe, IdDatePipe, FilterChipsComponent, ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payments-page.component.html',
  styleUrl: './payments-page.component.scss',
})
export class PaymentsPageComponent {
  private readonly api = inject(ArApiService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly isPhone = injectIsPhone();
  protected readonly drill = injectDrillFilters(PAYMENT_DRILL);
  private readonly auth = inject(AuthService);
  protected readonly canWrite = computed(() => hasRole(this.auth.role(), AR_WRITER_ROLES));

  protected readonly columns = computed(() =>
    this.isPhone() ? ['payment', 'amount'] : ['payment_date', 'invoice', 'customer', 'method', 'reference', 'amount'],
  );
  protected readonly items = signal<Payment[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  /** What the export menu downloads: the same filters as the list. */
  protected readonly exportQuery = signal<Record<string, string>>({});
  private readonly requests = new Subject<string | null>();

  constructor() {
    this.requests
      .pipe(
        switchMap((cursor) => {
          this.loading.set(true);
          this.loadFailed.set(false);
          return this.api.paymentList({ ...this.exportQuery(), cursor }).pipe(
            map((page) => ({ page, more: !!cursor })),
            catchError(() => {
              this.loading.set(false);
              this.loadFailed.set(true);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe(({ page, more }) => {
        this.items.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.next_cursor);
        this.loading.set(false);
      });

    this.drill.changes.pipe(startWith(null), takeUntilDestroyed()).subscribe(() => {
      this.exportQuery.set(this.drill.values() as Record<string, string>);
      syncQueryParams(this.router, this.route, this.drill.urlParams());
      this.requests.next(null);
    });
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loading()) this.requests.next(cursor);
  }
}
