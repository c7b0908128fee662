import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { EMPTY, catchError, filter, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { handledErrors } from '../../../core/http/http-context';
import { NotificationService } from '../../../core/notification.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { HistoryLinkComponent } from '../../../shared/components/history-link.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { IdDatePipe, IdDateTimePipe, IdrPipe } from '../../../shared/format/format.pipes';
import { ArApiService } from '../shared/ar-api.service';
import { AR_WRITER_ROLES, CreatedPayment, InvoiceDetail, hasRole } from '../shared/ar.models';
import { PaymentDialogComponent } from './payment-dialog.component';

/**
 * One invoice: amounts (paid, outstanding), dates and status, its payments, and "Record payment"
 * for finance while something is outstanding. 404 (not visible) shows a not-found message.
 * Test ids: ar-invoice-detail, ar-invoice-outstanding, ar-invoice-paid, ar-invoice-status,
 * ar-payments-table, ar-payment-row, ar-invoice-pay, ar-invoice-missing.
 */
@Component({
  selector: 'bcc-ar-invoice-detail-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, MatTableModule, RouterLink, TranslocoPipe, PageHeaderComponent, HistoryLinkComponent, IdrPipe, IdDatePipe, IdDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoice-detail-page.component.html',
  styleUrl: './invoice-detail-page.component.scss',
})
export class InvoiceDetailPageComponent {
  /** Route parameter (withComponentInputBinding). */
  readonly invoice_id = input.required<string>();

  private readonly api = inject(ArApiService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);

  protected readonly invoice = signal<InvoiceDetail | null>(null);
  protected readonly missing = signal(false);
  protected readonly loading = signal(true);
  protected readonly canPay = computed(() => hasRole(this.auth.role(), AR_WRITER_ROLES) && Number(this.invoice()?.outstanding_amount ?? 0) > 0);
  protected readonly paymentColumns = ['payment_date', 'amount', 'method', 'reference', 'created_at'];
  private readonly reloads = signal(0);

  constructor() {
    toObservable(computed(() => ({ id: this.invoice_id(), n: this.reloads() })))
      .pipe(
        switchMap(({ id }) => {
          this.loading.set(true);
          return this.api.invoice(id, handledErrors([404])).pipe(
            catchError((err: { status?: number }) => {
              this.loading.set(false);
              if (err.status === 404) this.missing.set(true);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((inv) => {
        this.invoice.set(inv);
        this.missing.set(false);
        this.loading.set(false);
      });
  }

  protected pay(): void {
    const inv = this.invoice();
    if (!inv) return;
    this.dialog
      .open<PaymentDialogComponent, InvoiceDetail, CreatedPayment>(PaymentDialogComponent, dialogConfig(inv, { width: '560px' }))
      .afterClosed()
      .pipe(filter((p): p is CreatedPayment => !!p))
      .subscribe((p) => {
        void this.notifications.info(this.transloco.translate('ar.paymentForm.done', { reference: p.reference }));
        this.reloads.update((n) => n + 1);
      });
  }

  protected statusClass(status: string): string {
    return `ar-status ar-status--${status.toLowerCase()}`;
  }
}
