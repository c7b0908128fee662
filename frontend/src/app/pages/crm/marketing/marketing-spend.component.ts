import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { startWith } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { NotificationService } from '../../../core/notification.service';
import { IdDatePipe, IdrPipe } from '../../../shared/format/format.pipes';
import { jakartaDate, toNumber } from '../../../shared/format/format';
import { CrmApiService } from '../shared/crm-api.service';
import {
  MARKETING_WRITE_ROLES,
  MarketingListQuery,
  MarketingSpend,
  MarketingSpendCreate,
  SOURCE_CHANNELS,
  SourceChannel,
  hasRole,
} from '../shared/crm.models';
import { amountValidator, toDecimalString } from '../shared/crm-validators';
import { IdempotentSubmission } from '../shared/idempotency';
import { syncQueryParams } from '../../../shared/url-state';
import { injectIsPhone } from '../shared/layout';
import { CursorList } from '../shared/list-state';
import { createErrorMessage, marketingQueries } from './marketing-query';
import { MarketingCreateFormComponent } from './marketing-create-form.component';
import { MarketingListCardComponent } from './marketing-list-card.component';

/**
 * Marketing → Spend: record spend per channel and day (IDR, decimal string to the API) and list
 * it filtered by channel and date range, with the total of the rows shown.
 * Test ids: mkt-spend-form, mkt-spend-channel, mkt-spend-date, mkt-spend-amount,
 * mkt-spend-notes, mkt-spend-submit, mkt-spend-table, mkt-spend-row-<spend_id>,
 * mkt-spend-filter-channel, mkt-spend-filter-from, mkt-spend-filter-to, mkt-spend-total.
 */
@Component({
  selector: 'bcc-crm-marketing-spend',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    TranslocoPipe,
    MarketingCreateFormComponent,
    MarketingListCardComponent,
    IdDatePipe,
    IdrPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './marketing-spend.component.html',
  styleUrl: './marketing.scss',
})
export class MarketingSpendComponent {
  private readonly api = inject(CrmApiService);
  private readonly auth = inject(AuthService);
  private readonly transloco = inject(TranslocoService);
  private readonly notifications = inject(NotificationService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly channels = SOURCE_CHANNELS;
  protected readonly canWrite = computed(() => hasRole(this.auth.role(), MARKETING_WRITE_ROLES));
  protected readonly isPhone = injectIsPhone();
  protected readonly columns = computed(() =>
    this.isPhone() ? ['channel', 'amount'] : ['date', 'channel', 'amount', 'notes'],
  );

  readonly form = new FormGroup({
    channel: new FormControl<SourceChannel | null>(null, { validators: [Validators.required] }),
    spend_date: new FormControl(jakartaDate(), { nonNullable: true, validators: [Validators.required] }),
    amount: new FormControl('', { nonNullable: true, validators: [Validators.required, amountValidator] }),
    notes: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(1000)] }),
  });
  private readonly amountText = toSignal(this.form.controls.amount.valueChanges.pipe(startWith('')), { requireSync: true });
  /** What the typed amount means, as the list will show it (`Rp 1.500.000`). */
  protected readonly amountPreview = computed(() => toDecimalString(this.amountText() ?? ''));
  /** The create form's directive: resetting it also clears its "submitted" state (no red fields after a save). */
  private readonly formDirective = viewChild('createForm', { read: FormGroupDirective });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly submission = new IdempotentSubmission();

  /** Filters live in the URL (`?tab=spend&channel=&from=&to=`): a drill-down opens them set. */
  private readonly initial = this.route.snapshot.queryParamMap;
  protected readonly filters = new FormGroup({
    channel: new FormControl<SourceChannel | ''>(
      (SOURCE_CHANNELS as readonly string[]).includes(this.initial.get('channel') ?? '') ? (this.initial.get('channel') as SourceChannel) : '',
      { nonNullable: true },
    ),
    from: new FormControl(this.initial.get('from') ?? '', { nonNullable: true }),
    to: new FormControl(this.initial.get('to') ?? '', { nonNullable: true }),
  });
  protected readonly list = new CursorList<MarketingSpend, MarketingListQuery>((query, cursor) =>
    this.api.listMarketingSpend(query, { cursor }),
  );
  protected readonly total = computed(() =>
    this.list.items().reduce((sum, row) => sum + (toNumber(row.amount) ?? 0), 0),
  );

  constructor() {
    this.list.connect().pipe(takeUntilDestroyed()).subscribe();
    marketingQueries(this.filters)
      .pipe(takeUntilDestroyed())
      .subscribe((query) => {
        this.list.load(query);
        syncQueryParams(this.router, this.route, { channel: query.channel, from: query.from, to: query.to });
      });
  }

  private resetForm(value: Parameters<FormGroup['reset']>[0]): void {
    const directive = this.formDirective();
    if (directive) directive.resetForm(value);
    else this.form.reset(value);
  }

  protected submit(): void {
    if (this.saving()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: MarketingSpendCreate = {
      channel: v.channel as SourceChannel,
      spend_date: v.spend_date,
      amount: toDecimalString(v.amount) as string,
    };
    if (v.notes.trim()) body.notes = v.notes.trim();
    this.saving.set(true);
    this.formError.set(null);
    this.api.createMarketingSpend(body, this.submission.keyFor(body)).subscribe({
      next: () => {
        this.saving.set(false);
        this.submission.complete();
        void this.notifications.info(this.transloco.translate('crm.marketing.spendSaved'));
        this.resetForm({ channel: v.channel, spend_date: v.spend_date, amount: '', notes: '' });
        this.list.reload();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.formError.set(createErrorMessage(err, this.form.controls, this.transloco));
      },
    });
  }
}
