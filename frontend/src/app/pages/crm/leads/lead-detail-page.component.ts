import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Subscription, filter } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { toProblem } from '../../../core/http/problem';
import { NotificationService } from '../../../core/notification.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { HistoryLinkComponent } from '../../../shared/components/history-link.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { IdDateTimePipe } from '../../../shared/format/format.pipes';
import { Conflict, allowedLabels, conflictOf } from '../shared/conflict';
import { CrmApiService } from '../shared/crm-api.service';
import {
  LEAD_ASSIGNABLE,
  LEAD_ASSIGN_ROLES,
  LEAD_CONTACT_EDIT_ROLES,
  LEAD_STATUS_MOVES,
  LEAD_STATUS_ROLES,
  Lead,
  LeadAssigned,
  LeadDetail,
  TimelineItem,
  TimelineKind,
  hasRole,
} from '../shared/crm.models';
import { ACTIVITY_ICONS } from '../shared/crm-icons';
import { StatusChipComponent } from '../shared/status-chip.component';
import { DetailPanelComponent } from '../shared/detail-panel.component';
import { describeTimelineItem } from '../shared/timeline';
import { TimelineComponent, TimelineRow } from '../shared/timeline.component';
import { AssignDialogComponent, AssignDialogData } from './assign-dialog.component';
import { DisqualifyDialogComponent, DisqualifyDialogData } from './disqualify-dialog.component';
import { LeadContactDialogComponent } from './lead-contact-dialog.component';

export const TIMELINE_ICONS: Readonly<Record<TimelineKind, string>> = {
  lead_event: 'person_add',
  activity: 'call',
  stage_change: 'crm-swap',
  audit: 'history',
};

/**
 * CRM → Lead detail: status and the actions the role may take (Qualify, Disqualify with a
 * reason, Assign to someone from /api/crm/assignees, Edit contact), then contact, linked
 * customer/prospect, RFQ tickets and the timeline. A refused move (409) is shown with the
 * moves the server allows.
 * Test ids: lead-detail, lead-status, lead-qualify, lead-disqualify, lead-assign, lead-edit,
 * lead-conflict, lead-owner, lead-customer-link, lead-prospect, lead-tickets, lead-timeline,
 * timeline-item.
 */
@Component({
  selector: 'bcc-lead-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatDialogModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDateTimePipe,
    PageHeaderComponent,
    HistoryLinkComponent,
    StatusChipComponent,
    DetailPanelComponent,
    TimelineComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './lead-detail-page.component.html',
  styleUrl: './lead-detail-page.component.scss',
})
export class LeadDetailPageComponent {
  private readonly api = inject(CrmApiService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly transloco = inject(TranslocoService);
  private readonly notifications = inject(NotificationService);
  private readonly destroyRef = inject(DestroyRef);

  /** Route param `:id` (withComponentInputBinding). */
  readonly id = input.required<string>();

  protected readonly lead = signal<LeadDetail | null>(null);
  protected readonly timeline = signal<TimelineItem[]>([]);
  protected readonly loading = signal(true);
  protected readonly notFound = signal(false);
  protected readonly busy = signal(false);
  protected readonly conflict = signal<Conflict | null>(null);
  protected readonly conflictAllowed = computed(() =>
    allowedLabels(this.conflict()?.allowed ?? [], this.transloco, 'crm.leadStatus.'),
  );
  protected readonly icons = TIMELINE_ICONS;
  protected readonly timelineRows = computed<TimelineRow[]>(() =>
    this.timeline().map((item) => {
      const view = describeTimelineItem(item);
      return { kind: item.kind, icon: this.iconOf(item), title: view.title, detail: view.detail, at: item.at, actor: item.actor_name };
    }),
  );

  protected iconOf(item: TimelineItem): string {
    return item.kind === 'activity' ? (ACTIVITY_ICONS[item.title] ?? 'call') : (TIMELINE_ICONS[item.kind] ?? 'info');
  }

  private readonly role = this.auth.role;
  protected readonly canQualify = computed(() => {
    const lead = this.lead();
    return !!lead && hasRole(this.role(), LEAD_STATUS_ROLES) && LEAD_STATUS_MOVES[lead.status].includes('QUALIFIED');
  });
  protected readonly canDisqualify = computed(() => {
    const lead = this.lead();
    return !!lead && hasRole(this.role(), LEAD_STATUS_ROLES) && LEAD_STATUS_MOVES[lead.status].includes('DISQUALIFIED');
  });
  protected readonly canAssign = computed(() => {
    const lead = this.lead();
    return !!lead && hasRole(this.role(), LEAD_ASSIGN_ROLES) && LEAD_ASSIGNABLE.includes(lead.status);
  });
  protected readonly canEditContact = computed(() => !!this.lead() && hasRole(this.role(), LEAD_CONTACT_EDIT_ROLES));

  private loadSub: Subscription | null = null;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  protected load(id: string = this.id()): void {
    this.loadSub?.unsubscribe();
    this.loading.set(true);
    this.notFound.set(false);
    this.loadSub = this.api
      .getLead(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (lead) => {
          this.lead.set(lead);
          this.loading.set(false);
          this.loadTimeline(lead.lead_id);
        },
        error: (err: unknown) => {
          this.loading.set(false);
          if (toProblem(err).status === 404) this.notFound.set(true);
        },
      });
  }

  protected qualify(): void {
    const lead = this.lead();
    if (!lead || this.busy()) return;
    this.busy.set(true);
    this.conflict.set(null);
    this.api.updateLead(lead.lead_id, { status: 'QUALIFIED' }).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.applyLead(updated);
        void this.notifications.info(this.t('crm.leadDetail.qualified'));
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const problem = toProblem(err);
        if (problem.status === 409 || problem.status === 422) {
          this.conflict.set(conflictOf(err, this.transloco, 'crm.common.conflict'));
        }
      },
    });
  }

  protected disqualify(): void {
    const lead = this.lead();
    if (!lead) return;
    this.conflict.set(null);
    this.dialog
      .open<DisqualifyDialogComponent, DisqualifyDialogData, Lead>(
        DisqualifyDialogComponent,
        dialogConfig({ leadId: lead.lead_id, companyName: lead.company_name }, { width: '520px' }),
      )
      .afterClosed()
      .pipe(filter((updated): updated is Lead => !!updated))
      .subscribe((updated) => {
        this.applyLead(updated);
        void this.notifications.info(this.t('crm.leadDetail.disqualified'));
      });
  }

  protected assign(): void {
    const lead = this.lead();
    if (!lead) return;
    this.conflict.set(null);
    this.dialog
      .open<AssignDialogComponent, AssignDialogData, LeadAssigned>(
        AssignDialogComponent,
        dialogConfig({ leadId: lead.lead_id, companyName: lead.company_name, currentOwnerId: lead.sales_owner_user_id }, { width: '520px' }),
      )
      .afterClosed()
      .pipe(filter((assigned): assigned is LeadAssigned => !!assigned))
      .subscribe(() => {
        void this.notifications.info(this.t('crm.leadDetail.assigned'));
        // Owner name, prospect link and timeline all changed: read them back.
        this.load(lead.lead_id);
      });
  }

  protected editContact(): void {
    const lead = this.lead();
    if (!lead) return;
    this.dialog
      .open<LeadContactDialogComponent, Lead, Lead>(LeadContactDialogComponent, dialogConfig(lead, { width: '520px' }))
      .afterClosed()
      .pipe(filter((updated): updated is Lead => !!updated))
      .subscribe((updated) => {
        this.applyLead(updated);
        void this.notifications.info(this.t('crm.leadDetail.saved'));
      });
  }

  protected phoneHref(phone: string): string {
    return `tel:${phone.replace(/[^\d+]/g, '')}`;
  }

  private applyLead(updated: Lead): void {
    this.lead.update((current) => (current ? { ...current, ...updated } : current));
    this.loadTimeline(updated.lead_id);
  }

  private loadTimeline(id: string): void {
    this.api
      .leadTimeline(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ next: (res) => this.timeline.set(res.items), error: () => this.timeline.set([]) });
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.transloco.translate(key, params);
  }
}
