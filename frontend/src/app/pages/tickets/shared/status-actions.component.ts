import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';

import { QUOTE_CURRENCIES, QuoteInput, TicketPatch, TicketStatus, Transition } from './tickets.models';
import { jakartaDay } from './util';

/**
 * Only the status moves the server allows now (allowed_transitions), one button each. A move that
 * needs a reason or a quote opens an inline form first (phone-friendly, no dialog).
 * Test ids: status-actions, status-btn-<STATUS>, status-reason, quote-amount, quote-currency,
 * quote-valid-until, quote-notes, status-confirm, status-cancel.
 */
@Component({
  selector: 'bcc-status-actions',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="actions" data-testid="status-actions">
      @for (tr of transitions(); track tr.to_status) {
        <button
          [class]="'btn btn--' + tone(tr.to_status)"
          mat-stroked-button
          type="button"
          [disabled]="busy()"
          (click)="choose(tr)"
          [attr.data-testid]="'status-btn-' + tr.to_status"
        >
          {{ 'tickets.action.' + tr.to_status | transloco }}
        </button>
      } @empty {
        <span class="none">{{ 'tickets.detail.noMoves' | transloco }}</span>
      }
    </div>
    @if (pending(); as p) {
      <form class="pending" [formGroup]="form" (submit)="$event.preventDefault(); confirm()" novalidate>
        <p class="pending__title">{{ 'tickets.detail.confirmMove' | transloco: { status: ('tickets.status.' + p.to_status | transloco) } }}</p>
        @if (p.requires_quote) {
          <div class="grid">
            <mat-form-field appearance="outline">
              <mat-label>{{ 'tickets.quote.amount' | transloco }}</mat-label>
              <input matInput inputmode="decimal" formControlName="amount" data-testid="quote-amount" />
              @if (form.controls.amount.invalid && form.controls.amount.touched) { <mat-error>{{ 'tickets.quote.amountInvalid' | transloco }}</mat-error> }
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'tickets.quote.currency' | transloco }}</mat-label>
              <mat-select formControlName="currency" data-testid="quote-currency">
                @for (c of currencies; track c) { <mat-option [value]="c">{{ c }}</mat-option> }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'tickets.quote.validUntil' | transloco }}</mat-label>
              <input matInput type="date" [min]="today" formControlName="valid_until" data-testid="quote-valid-until" />
              @if (form.controls.valid_until.invalid && form.controls.valid_until.touched) { <mat-error>{{ 'validation.required' | transloco }}</mat-error> }
            </mat-form-field>
            <mat-form-field appearance="outline" class="wide">
              <mat-label>{{ 'tickets.quote.notes' | transloco }}</mat-label>
              <input matInput formControlName="notes" maxlength="2000" data-testid="quote-notes" />
            </mat-form-field>
          </div>
        }
        <mat-form-field appearance="outline" class="wide-field">
          <mat-label>{{ 'tickets.fields.reason' | transloco }}{{ p.requires_reason ? '' : ' (' + ('tickets.common.optional' | transloco) + ')' }}</mat-label>
          <textarea matInput rows="2" formControlName="reason" maxlength="1000" data-testid="status-reason"></textarea>
          @if (form.controls.reason.invalid && form.controls.reason.touched) { <mat-error>{{ 'validation.required' | transloco }}</mat-error> }
        </mat-form-field>
        <div class="pending__actions">
          <button mat-button type="button" (click)="pending.set(null)" data-testid="status-cancel">{{ 'common.cancel' | transloco }}</button>
          <button mat-flat-button type="submit" [disabled]="busy()" data-testid="status-confirm">{{ 'common.confirm' | transloco }}</button>
        </div>
      </form>
    }
  `,
  styles: `
    .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .none { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .btn--good { --mdc-outlined-button-label-text-color: #0b5a2a; --mat-button-outlined-label-text-color: #0b5a2a; }
    .btn--bad { --mdc-outlined-button-label-text-color: #93000a; --mat-button-outlined-label-text-color: #93000a; }
    .pending { margin-top: 12px; padding: 12px; border-radius: 12px; background: var(--mat-sys-surface-container); }
    .pending__title { margin: 0 0 8px; font: var(--mat-sys-title-small); }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 0 12px; }
    .wide { grid-column: 1 / -1; }
    .wide-field { width: 100%; }
    .pending__actions { display: flex; justify-content: flex-end; gap: 8px; }
  `,
})
export class StatusActionsComponent {
  readonly transitions = input.required<Transition[]>();
  readonly busy = input(false);
  readonly apply = output<TicketPatch>();

  protected readonly currencies = QUOTE_CURRENCIES;
  protected readonly today = jakartaDay();
  protected readonly pending = signal<Transition | null>(null);
  protected readonly form = new FormGroup({
    reason: new FormControl('', { nonNullable: true }),
    amount: new FormControl('', { nonNullable: true }),
    currency: new FormControl('IDR', { nonNullable: true }),
    valid_until: new FormControl(jakartaDay(14), { nonNullable: true }),
    notes: new FormControl('', { nonNullable: true }),
  });

  protected tone(status: TicketStatus): string {
    return ['RESOLVED', 'WON', 'QUOTED'].includes(status) ? 'good' : ['CLOSED', 'LOST', 'CANCELLED'].includes(status) ? 'bad' : 'plain';
  }

  protected choose(tr: Transition): void {
    // A reason or a quote is needed first; a loss or cancellation asks for an (optional) reason.
    if (tr.requires_reason || tr.requires_quote || ['LOST', 'CANCELLED'].includes(tr.to_status)) {
      this.openForm(tr);
      return;
    }
    this.apply.emit({ status: tr.to_status });
  }

  private openForm(tr: Transition): void {
    const c = this.form.controls;
    c.reason.setValidators(tr.requires_reason ? [Validators.required, Validators.pattern(/\S/)] : []);
    c.amount.setValidators(tr.requires_quote ? [Validators.required, Validators.pattern(/^\d{1,16}([.,]\d{1,2})?$/)] : []);
    c.valid_until.setValidators(tr.requires_quote ? [Validators.required] : []);
    for (const ctl of Object.values(c)) ctl.updateValueAndValidity();
    this.form.markAsUntouched();
    this.pending.set(tr);
  }

  protected confirm(): void {
    const tr = this.pending();
    if (!tr) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const patch: TicketPatch = { status: tr.to_status };
    if (v.reason.trim()) patch.reason = v.reason.trim();
    if (tr.requires_quote) {
      const quote: QuoteInput = { amount: v.amount.replace(',', '.'), currency: v.currency, valid_until: v.valid_until };
      if (v.notes.trim()) quote.notes = v.notes.trim();
      patch.quote = quote;
    }
    this.apply.emit(patch);
    this.pending.set(null);
    this.form.patchValue({ reason: '', amount: '', notes: '' });
  }
}
