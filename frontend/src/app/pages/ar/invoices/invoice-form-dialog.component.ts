import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';

import { toProblem } from '../../../core/http/problem';
import { jakartaDate } from '../../../shared/format/format';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { ArApiService } from '../shared/ar-api.service';
import { provideArTranslations } from '../shared/ar-i18n';
import { CustomerOption, Invoice, parseAmount } from '../shared/ar.models';
import { SubmissionKey, addDays } from '../shared/util';

/**
 * "New invoice" (finance): pick the customer (search by name, id or NPWP), the accounting
 * invoice number, dates and amount. Server field errors (duplicate number, due before invoice
 * date, …) show under their fields; a retry of the same submission reuses its Idempotency-Key.
 * Test ids: ar-invoice-form, ar-invoice-customer, ar-invoice-customer-option, ar-invoice-number,
 * ar-invoice-date, ar-invoice-due, ar-invoice-amount, ar-invoice-notes, ar-invoice-error, ar-invoice-submit.
 */
@Component({
  selector: 'bcc-ar-invoice-form-dialog',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideArTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'ar.invoiceForm.title' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" data-testid="ar-invoice-form" novalidate>
      <mat-dialog-content class="grid">
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'ar.fields.customer' | transloco }}</mat-label>
          <input matInput [formControl]="customerSearch" [matAutocomplete]="auto" data-testid="ar-invoice-customer" autocomplete="off" />
          <mat-autocomplete #auto="matAutocomplete" (optionSelected)="pick($event)" [displayWith]="display">
            @for (c of options(); track c.customer_id) {
              <mat-option [value]="c" data-testid="ar-invoice-customer-option">
                {{ c.company_name }} <span class="muted">· {{ c.customer_id }}{{ c.city ? ' · ' + c.city : '' }}</span>
              </mat-option>
            }
          </mat-autocomplete>
          @if (form.controls.customer_id.touched && form.controls.customer_id.invalid) {
            <mat-error>{{ form.controls.customer_id.getError('server') ?? ('ar.invoiceForm.pickCustomer' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'ar.fields.invoice_number' | transloco }}</mat-label>
          <input matInput formControlName="invoice_number" maxlength="64" data-testid="ar-invoice-number" />
          <mat-hint>{{ 'ar.invoiceForm.numberHint' | transloco }}</mat-hint>
          @if (form.controls.invoice_number.invalid) {
            <mat-error>{{ form.controls.invoice_number.getError('server') ?? ('ar.common.required' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'ar.fields.invoice_date' | transloco }}</mat-label>
          <input matInput type="date" formControlName="invoice_date" [max]="today" data-testid="ar-invoice-date" />
          @if (form.controls.invoice_date.invalid) {
            <mat-error>{{ form.controls.invoice_date.getError('server') ?? ('ar.common.required' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'ar.fields.due_date' | transloco }}</mat-label>
          <input matInput type="date" formControlName="due_date" [min]="form.controls.invoice_date.value" data-testid="ar-invoice-due" />
          @if (form.controls.due_date.invalid) {
            <mat-error>{{ form.controls.due_date.getError('server') ?? ('ar.common.required' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'ar.fields.amount' | transloco }} (IDR)</mat-label>
          <span matTextPrefix>Rp&nbsp;</span>
          <input matInput formControlName="amount" inputmode="decimal" data-testid="ar-invoice-amount" />
          <mat-hint>{{ 'ar.common.amountHint' | transloco }}</mat-hint>
          @if (form.controls.amount.invalid) {
            <mat-error>{{ form.controls.amount.getError('server') ?? ('ar.common.amountInvalid' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'ar.fields.notes' | transloco }}</mat-label>
          <textarea matInput formControlName="notes" rows="2" maxlength="2000" data-testid="ar-invoice-notes"></textarea>
        </mat-form-field>
        @if (error()) {
          <p class="error wide" role="alert" data-testid="ar-invoice-error">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="ar-invoice-submit">{{ 'common.save' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
    .wide { grid-column: 1 / -1; }
    @media (max-width: 599.98px) { .grid { grid-template-columns: 1fr; } }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); margin: 0; }
  `,
})
export class InvoiceFormDialogComponent {
  private readonly api = inject(ArApiService);
  private readonly ref = inject(MatDialogRef<InvoiceFormDialogComponent, Invoice>);
  private readonly key = new SubmissionKey();

  protected readonly today = jakartaDate();
  protected readonly customerSearch = new FormControl<string | CustomerOption>('', { nonNullable: true });
  protected readonly form = new FormGroup({
    customer_id: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    invoice_number: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/)] }),
    invoice_date: new FormControl(this.today, { nonNullable: true, validators: [Validators.required] }),
    due_date: new FormControl(addDays(this.today, 30), { nonNullable: true, validators: [Validators.required] }),
    amount: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    notes: new FormControl('', { nonNullable: true }),
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly options = toSignal(
    this.customerSearch.valueChanges.pipe(
      filter((v): v is string => typeof v === 'string'),
      debounceTime(250),
      map((v) => v.trim()),
      distinctUntilChanged(),
      switchMap((q) => this.api.customers(q).pipe(map((r) => r.items), catchError(() => of([] as CustomerOption[])))),
    ),
    { initialValue: [] as CustomerOption[] },
  );

  constructor() {
    // Typing again after a pick clears the chosen customer.
    this.customerSearch.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => {
      if (typeof v === 'string') this.form.controls.customer_id.setValue('');
    });
  }

  protected display(c: CustomerOption | string | null): string {
    return typeof c === 'string' ? c : (c?.company_name ?? '');
  }

  protected pick(e: MatAutocompleteSelectedEvent): void {
    const c = e.option.value as CustomerOption;
    this.form.controls.customer_id.setValue(c.customer_id);
  }

  protected submit(): void {
    this.error.set(null);
    const amount = parseAmount(this.form.controls.amount.value);
    if (amount === null) this.form.controls.amount.setErrors({ amount: true });
    this.form.markAllAsTouched();
    if (this.form.invalid || amount === null) return;
    const v = this.form.getRawValue();
    const body = { customer_id: v.customer_id, invoice_number: v.invoice_number.trim(), invoice_date: v.invoice_date, due_date: v.due_date, amount, ...(v.notes.trim() ? { notes: v.notes.trim() } : {}) };
    this.saving.set(true);
    this.api.createInvoice(body, this.key.for(body)).subscribe({
      next: (inv) => {
        this.key.complete();
        this.ref.close(inv);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const p = toProblem(err);
        if (!applyServerErrors(p, this.form.controls)) this.error.set(p.detail);
      },
    });
  }
}
