import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { syncQueryParams } from '../../../shared/url-state';
import { TranslocoPipe } from '@jsverse/transloco';
import { EMPTY, Subject, catchError, combineLatest, debounceTime, distinctUntilChanged, filter, map, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { IdDatePipe, IdrPipe } from '../../../shared/format/format.pipes';
import { ArApiService } from '../shared/ar-api.service';
import { AR_WRITER_ROLES, INVOICE_STATUSES, Invoice, InvoiceListQuery, InvoiceStatus, hasRole } from '../shared/ar.models';
import { injectIsPhone, saveDownload } from '../shared/util';
import { InvoiceFormDialogComponent } from './invoice-form-dialog.component';

export const SEARCH_DEBOUNCE_MS = 300;

interface Filters {
  q: string;
  overdue: boolean;
  status: InvoiceStatus | '';
}

/**
 * AR → Invoices: search (invoice number or customer), "overdue only", status, server "load
 * more", CSV/XLSX export of the current filters, and "New invoice" for finance. A row opens the
 * invoice with its payments. Filters live in the URL (?q=&overdue=true&status=).
 * Test ids: ar-invoices-table, ar-invoice-row-<invoice_number>, ar-invoices-new, ar-invoices-search,
 * ar-invoices-overdue, ar-invoices-status, ar-export-csv, ar-export-xlsx, ar-invoices-more, ar-invoices-empty.
 */
@Component({
  selector: 'bcc-ar-invoices-page',
  imports: [
    ReactiveFormsModule, RouterLink, MatButtonModule, MatCardModule, MatCheckboxModule, MatFormFieldModule, MatIconModule,
    MatInputModule, MatProgressBarModule, MatTableModule, TranslocoPipe, PageHeaderComponent, IdrPipe, IdDatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoices-page.component.html',
  styleUrl: './invoices-page.component.scss',
})
export class InvoicesPageComponent {
  private readonly api = inject(ArApiService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly isPhone = injectIsPhone();

  protected readonly statuses = INVOICE_STATUSES;
  protected readonly canWrite = computed(() => hasRole(this.auth.role(), AR_WRITER_ROLES));
  protected readonly columns = computed(() =>
    this.isPhone()
      ? ['invoice', 'outstanding']
      : ['invoice', 'customer', 'invoice_date', 'due_date', 'amount', 'outstanding', 'status'],
  );

  private readonly initial = this.route.snapshot.queryParamMap;
  protected readonly search = new FormControl(this.initial.get('q') ?? '', { nonNullable: true });
  protected readonly overdue = new FormControl(this.initial.get('overdue') === 'true', { nonNullable: true });
  protected readonly status = new FormControl<InvoiceStatus | ''>((INVOICE_STATUSES as readonly string[]).includes(this.initial.get('status') ?? '') ? (this.initial.get('status') as InvoiceStatus) : '', { nonNullable: true });

  protected readonly items = signal<Invoice[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  protected readonly exporting = signal<'csv' | 'xlsx' | null>(null);
  private readonly filters = signal<Filters>({ q: '', overdue: false, status: '' });
  private readonly requests = new Subject<{ filters: Filters; cursor: string | null }>();

  constructor() {
    this.requests
      .pipe(
        switchMap(({ filters, cursor }) => {
          this.loading.set(true);
          this.loadFailed.set(false);
          return this.api.invoices({ ...this.query(filters), cursor }).pipe(
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

    combineLatest([
      this.search.valueChanges.pipe(startWith(this.search.value), debounceTime(SEARCH_DEBOUNCE_MS), map((q) => q.trim()), distinctUntilChanged()),
      this.overdue.valueChanges.pipe(startWith(this.overdue.value)),
      this.status.valueChanges.pipe(startWith(this.status.value)),
    ])
      .pipe(takeUntilDestroyed())
      .subscribe(([q, overdue, status]) => {
        const f = { q, overdue, status };
        this.filters.set(f);
        // Mirror the filters in the URL only when they changed (never on the first emission).
        syncQueryParams(this.router, this.route, { q, overdue: overdue ? 'true' : null, status });
        this.requests.next({ filters: f, cursor: null });
      });
  }

  private query(f: Filters): InvoiceListQuery {
    return { q: f.q || undefined, overdue: f.overdue ? true : undefined, status: f.status || undefined };
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loading()) this.requests.next({ filters: this.filters(), cursor });
  }

  protected export(format: 'csv' | 'xlsx'): void {
    this.exporting.set(format);
    this.api.exportInvoices(format, this.query(this.filters())).subscribe({
      next: (res) => {
        saveDownload(res, `invoices.${format}`);
        this.exporting.set(null);
      },
      error: () => this.exporting.set(null),
    });
  }

  protected create(): void {
    this.dialog
      .open<InvoiceFormDialogComponent, null, Invoice>(InvoiceFormDialogComponent, dialogConfig(null, { width: '640px' }))
      .afterClosed()
      .pipe(filter((inv): inv is Invoice => !!inv))
      .subscribe((inv) => void this.router.navigate(['/ar/invoices', inv.invoice_id]));
  }

  protected statusClass(inv: Invoice): string {
    return `ar-status ar-status--${inv.status.toLowerCase()}`;
  }
}
