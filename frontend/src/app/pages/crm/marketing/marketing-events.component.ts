import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { AuthService } from '../../../core/auth/auth.service';
import { NotificationService } from '../../../core/notification.service';
import { IdDatePipe, IdNumberPipe } from '../../../shared/format/format.pipes';
import { jakartaDate } from '../../../shared/format/format';
import { CrmApiService } from '../shared/crm-api.service';
import {
  MARKETING_EVENT_TYPES,
  MARKETING_WRITE_ROLES,
  MarketingEvent,
  MarketingEventCreate,
  MarketingEventType,
  MarketingListQuery,
  SOURCE_CHANNELS,
  SourceChannel,
  hasRole,
} from '../shared/crm.models';
import { requiredText } from '../shared/crm-validators';
import { IdempotentSubmission } from '../shared/idempotency';
import { injectIsPhone } from '../shared/layout';
import { CursorList } from '../shared/list-state';
import { createErrorMessage, marketingQueries } from './marketing-query';
import { MarketingCreateFormComponent } from './marketing-create-form.component';
import { MarketingListCardComponent } from './marketing-list-card.component';

/**
 * Marketing → Events: log a campaign / event / content / ads item (marketing roles) and list
 * them newest first, filtered by channel and date.
 * Test ids: mkt-event-form, mkt-event-type, mkt-event-channel, mkt-event-date, mkt-event-title,
 * mkt-event-leads, mkt-event-notes, mkt-event-submit, mkt-events-table, mkt-event-row-<event_id>,
 * mkt-events-filter-channel, mkt-events-more.
 */
@Component({
  selector: 'bcc-crm-marketing-events',
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
    IdNumberPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './marketing-events.component.html',
  styleUrl: './marketing.scss',
})
export class MarketingEventsComponent {
  private readonly api = inject(CrmApiService);
  private readonly auth = inject(AuthService);
  private readonly transloco = inject(TranslocoService);
  private readonly notifications = inject(NotificationService);

  protected readonly types = MARKETING_EVENT_TYPES;
  protected readonly channels = SOURCE_CHANNELS;
  protected readonly canWrite = computed(() => hasRole(this.auth.role(), MARKETING_WRITE_ROLES));
  protected readonly isPhone = injectIsPhone();
  protected readonly columns = computed(() =>
    this.isPhone() ? ['title', 'leads'] : ['date', 'title', 'type', 'channel', 'leads'],
  );

  readonly form = new FormGroup({
    event_type: new FormControl<MarketingEventType | null>('campaign', { validators: [Validators.required] }),
    channel: new FormControl<SourceChannel | null>(null, { validators: [Validators.required] }),
    occurred_at: new FormControl(jakartaDate(), { nonNullable: true, validators: [Validators.required] }),
    title: new FormControl('', { nonNullable: true, validators: [requiredText, Validators.maxLength(200)] }),
    leads_generated: new FormControl<number | null>(null, { validators: [Validators.min(0), Validators.pattern(/^\d+$/)] }),
    notes: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(4000)] }),
  });
  /** The create form's directive: resetting it also clears its "submitted" state (no red fields after a save). */
  private readonly formDirective = viewChild('createForm', { read: FormGroupDirective });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly submission = new IdempotentSubmission();

  protected readonly filters = new FormGroup({
    channel: new FormControl<SourceChannel | ''>('', { nonNullable: true }),
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });
  protected readonly list = new CursorList<MarketingEvent, MarketingListQuery>((query, cursor) =>
    this.api.listMarketingEvents(query, { cursor }),
  );

  constructor() {
    this.list.connect().pipe(takeUntilDestroyed()).subscribe();
    marketingQueries(this.filters)
      .pipe(takeUntilDestroyed())
      .subscribe((query) => this.list.load(query));
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
    const body: MarketingEventCreate = {
      event_type: v.event_type as MarketingEventType,
      channel: v.channel as SourceChannel,
      occurred_at: v.occurred_at,
      title: v.title.trim(),
    };
    if (v.leads_generated !== null && v.leads_generated !== undefined && String(v.leads_generated) !== '') {
      body.leads_generated = Number(v.leads_generated);
    }
    if (v.notes.trim()) body.notes = v.notes.trim();
    this.saving.set(true);
    this.formError.set(null);
    this.api.createMarketingEvent(body, this.submission.keyFor(body)).subscribe({
      next: () => {
        this.saving.set(false);
        this.submission.complete();
        void this.notifications.info(this.transloco.translate('crm.marketing.eventSaved'));
        this.resetForm({ event_type: v.event_type, channel: v.channel, occurred_at: v.occurred_at, title: '', leads_generated: null, notes: '' });
        this.list.reload();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.formError.set(createErrorMessage(err, this.form.controls, this.transloco));
      },
    });
  }
}
