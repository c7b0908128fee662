import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';

import { toProblem } from '../../../core/http/problem';
import { jakartaDate } from '../../../shared/format/format';
import { IdrPipe } from '../../../shared/format/format.pipes';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { ArApiService } from '../shared/ar-api.service';
import { provideArTranslations } from '../shared/ar-i18n';
import { CreatedPayment, Invoice, PAYMENT_METHODS, PaymentMethod, parseAmount } from '../shared/ar.models';
import { SubmissionKey } from '../shared/util';

/**
 * "Record payment" on an invoice (finance). The amount defaults to the outstanding amount; an
 * overpayment (also one that another user's concurrent payment caused) comes back as 422 on
 * `amount` and is shown under the field. A retry of the same submission reuses its key.
 * Test ids: ar-payment-form, ar-payment-date, ar-payment-amount, ar-payment-method,
 * ar-payment-reference, ar-payment-notes, ar-payment-error, ar-payment-submit.
 */
@Component({
  selector: 'bcc-ar-payment-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe, IdrPipe],
  providers: [provideArTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'ar.paymentForm.title' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" data-testid="ar-payment-form" novalidate>
      <mat-dialog-content class="grid">
        <p class="wide summary">
          {{ invoice.invoice_number }} · {{ 'ar.fields.outstanding_amount' | transloco }}: <strong>{{ invoice.outstanding_amount | idr }}</strong>
        </p>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'ar.fields.payment_date' | transloco }}</mat-label>
          <input matInput type="date" formControlName="payment_date" [min]="invoice.invoice_date" [max]="today" data-testid="ar-payment-date" />
          @if (form.controls.payment_date.invalid) {
            <mat-error>{{ form.controls.payment_date.getError('server') ?? ('ar.common.required' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'ar.fields.method' | transloco }}</mat-label>
          <select matNativeControl formControlName="method" data-testid="ar-payment-method">
            @for (m of methods; track m) {
              <option [value]="m">{{ 'ar.method.' + m | transloco }}</option>
            }
          </select>
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'ar.fields.amount' | transloco }} (IDR)</mat-label>
          <span matTextPrefix>Rp&nbsp;</span>
          <input matInput formControlName="amount" inputmode="decimal" data-testid="ar-payment-amount" />
          <mat-hint>{{ 'ar.paymentForm.amountHint' | transloco }}</mat-hint>
          @if (form.controls.amount.invalid) {
            <mat-error data-testid="ar-payment-amount-error">{{ form.controls.amount.getError('server') ?? ('ar.common.amountInvalid' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'ar.fields.reference' | transloco }}</mat-label>
          <input matInput formControlName="reference" maxlength="100" data-testid="ar-payment-reference" />
          <mat-hint>{{ 'ar.paymentForm.referenceHint' | transloco }}</mat-hint>
          @if (form.controls.reference.invalid) {
            <mat-error>{{ form.controls.reference.getError('server') ?? ('ar.common.required' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'ar.fields.notes' | transloco }}</mat-label>
          <input matInput formControlName="notes" maxlength="2000" data-testid="ar-payment-notes" />
        </mat-form-field>
        @if (error()) {
          <p class="error wide" role="alert" data-testid="ar-payment-error">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="ar-payment-submit">{{ 'ar.paymentForm.submit' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
    .wide { grid-column: 1 / -1; }
    @media (max-width: 599.98px) { .grid { grid-template-columns: 1fr; } }
    .summary { margin: 0 0 8px; }
    .error { color: var(--mat-sys-error); margin: 0; }
  `,
})
export class PaymentDialogComponent {
  private readonly api = inject(ArApiService);
  private readonly ref = inject(MatDialogRef<PaymentDialogComponent, CreatedPayment>);
  private readonly key = new SubmissionKey();
  protected readonly invoice = inject<Invoice>(MAT_DIALOG_DATA);

  protected readonly today = jakartaDate();
  protected readonly methods = PAYMENT_METHODS;
  protected readonly form = new FormGroup({
    payment_date: new FormControl(this.today, { nonNullable: true, validators: [Validators.required] }),
    amount: new FormControl(this.invoice.outstanding_amount, { nonNullable: true, validators: [Validators.required] }),
    method: new FormControl<PaymentMethod>('transfer', { nonNullable: true }),
    reference: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/)] }),
    notes: new FormControl('', { nonNullable: true }),
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected submit(): void {
    this.error.set(null);
    const amount = parseAmount(this.form.controls.amount.value);
    if (amount === null) this.form.controls.amount.setErrors({ amount: true });
    this.form.markAllAsTouched();
    if (this.form.invalid || amount === null) return;
    const v = this.form.getRawValue();
    const body = { invoice_id: this.invoice.invoice_id, payment_date: v.payment_date, amount, method: v.method, reference: v.reference.trim(), ...(v.notes.trim() ? { notes: v.notes.trim() } : {}) };
    this.saving.set(true);
    this.api.createPayment(body, this.key.for(body)).subscribe({
      next: (p) => {
        this.key.complete();
        this.ref.close(p);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const p = toProblem(err);
        if (!applyServerErrors(p, this.form.controls)) this.error.set(p.detail);
      },
    });
  }
}
