import { CdkDrag, CdkDragDrop, CdkDragHandle, CdkDragPlaceholder, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router } from '@angular/router';
import { TranslocoDirective, TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Observable, Subject, catchError, debounceTime, distinctUntilChanged, forkJoin, map, merge, of, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import type { Page } from '../../../core/http/page';
import { toProblem } from '../../../core/http/problem';
import { NotificationService } from '../../../core/notification.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { DrillDefs, injectDrillFilters } from '../../../shared/components/drill-filters';
import { FilterChipsComponent } from '../../../shared/components/filter-chips.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { IdDatePipe } from '../../../shared/format/format.pipes';
import { allowedOf } from '../shared/problems';
import { CrmApiService } from '../shared/crm-api.service';
import {
  ACTIVITY_CREATE_ROLES,
  Assignee,
  LEAD_ASSIGN_ROLES,
  OWNER_FILTER_ROLES,
  PROSPECT_STAGES,
  Prospect,
  ProspectListQuery,
  ProspectStage,
  hasRole,
  prospectName,
} from '../shared/crm.models';
import { LostReasonDialogComponent, LostReasonDialogData, LostReasonResult } from './lost-reason-dialog.component';
import { applyMove, checkMove, isProspectStage, moveTargets } from './pipeline';
import { openProspectPanel } from './prospect-panel.component';
import { syncQueryParams } from '../../../shared/url-state';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

export const COLUMN_PAGE_SIZE = 50;
export const BOARD_SEARCH_DEBOUNCE_MS = 300;
const UNASSIGNED = '__unassigned__';

/** Filters a command-center drill may put in the URL (no control on the board: shown as chips). */
export const PROSPECT_DRILL: DrillDefs = {
  params: [
    { key: 'stage', kind: 'enum', values: PROSPECT_STAGES, label: 'crm.drill.stage', valuePrefix: 'crm.stage.' },
    { key: 'open', kind: 'flag', label: 'crm.drill.openProspects' },
    { key: 'assigned', kind: 'flag', label: 'crm.drill.assigned' },
    { key: 'stale', kind: 'flag', label: 'crm.drill.stale' },
  ],
};

type Columns = Record<ProspectStage, Prospect[]>;

interface ColumnState {
  cursor: string | null;
  loadingMore: boolean;
  failed: boolean;
}

/** A refused move explained to the user (client-side check or the server's 409). */
export interface MoveNotice {
  prospectId: string;
  company: string;
  to: ProspectStage;
  /** Server's own words when it refused; null for a client-side refusal. */
  detail: string | null;
  reason: 'read-only' | 'not-allowed' | 'server';
  allowed: ProspectStage[];
}

function emptyColumns(): Columns {
  return Object.fromEntries(PROSPECT_STAGES.map((s) => [s, [] as Prospect[]])) as unknown as Columns;
}

function emptyStates(): Record<ProspectStage, ColumnState> {
  return Object.fromEntries(
    PROSPECT_STAGES.map((s) => [s, { cursor: null, loadingMore: false, failed: false }]),
  ) as unknown as Record<ProspectStage, ColumnState>;
}

/**
 * CRM → Prospects pipeline: a column per stage (NEW … WON / LOST), each paged on its own. Cards
 * move by drag and drop (cdk) or by the "Move to…" menu on each card (keyboard and phone
 * friendly). A move outside the card's allowed_stages is refused before any request, with the
 * stages that would work; the server's 409 is shown the same way. Managers filter by owner.
 * A card opens a side panel with the stage history.
 * Test ids: pipeline-board, pipeline-column-<STAGE>, prospect-card-<prospect_id>,
 * prospect-open-<prospect_id>, prospect-move-<prospect_id>, prospect-move-<id>-<STAGE>,
 * pipeline-notice, pipeline-search, pipeline-owner, pipeline-more-<STAGE>.
 */
@Component({
  selector: 'bcc-prospects-board',
  imports: [
    ReactiveFormsModule,
    CdkDropListGroup,
    CdkDropList,
    CdkDrag,
    CdkDragHandle,
    CdkDragPlaceholder,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTooltipModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDatePipe,
    PageHeaderComponent,
    FilterChipsComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './prospects-board.component.html',
  styleUrl: './prospects-board.component.scss',
})
export class ProspectsBoardComponent {
  private readonly api = inject(CrmApiService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly transloco = inject(TranslocoService);
  private readonly notifications = inject(NotificationService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly stages = PROSPECT_STAGES;
  protected readonly drill = injectDrillFilters(PROSPECT_DRILL);
  /** A drill to one stage shows that column only; "open" ones hide WON and LOST. */
  protected readonly visibleStages = computed(() => {
    const v = this.drill.values();
    if (v['stage']) return PROSPECT_STAGES.filter((s) => s === v['stage']);
    return v['open'] === 'true' ? PROSPECT_STAGES.filter((s) => s !== 'WON' && s !== 'LOST') : PROSPECT_STAGES;
  });
  protected readonly unassigned = UNASSIGNED;
  protected readonly columns = signal<Columns>(emptyColumns());
  protected readonly columnStates = signal<Record<ProspectStage, ColumnState>>(emptyStates());
  protected readonly loading = signal(false);
  protected readonly pending = signal<ReadonlySet<string>>(new Set());
  protected readonly notice = signal<MoveNotice | null>(null);
  protected readonly dragging = signal<Prospect | null>(null);
  protected readonly assignees = signal<Assignee[]>([]);

  protected readonly canFilterOwner = computed(() => hasRole(this.auth.role(), OWNER_FILTER_ROLES));
  private readonly canLogActivity = computed(() => hasRole(this.auth.role(), ACTIVITY_CREATE_ROLES));

  protected readonly filters = new FormGroup({
    q: new FormControl(this.route.snapshot.queryParamMap.get('q') ?? '', { nonNullable: true }),
    owner: new FormControl(this.route.snapshot.queryParamMap.get('owner') ?? '', { nonNullable: true }),
  });
  protected query: ProspectListQuery = {};
  private readonly reloads = new Subject<ProspectListQuery>();

  protected readonly noticeAllowed = computed(() => {
    const n = this.notice();
    if (!n) return '';
    return n.allowed.length
      ? n.allowed.map((s) => this.transloco.translate(`crm.stage.${s}`)).join(', ')
      : this.transloco.translate('crm.common.noneAllowed');
  });

  constructor() {
    this.reloads
      .pipe(
        switchMap((query) => {
          this.loading.set(true);
          return forkJoin(
            PROSPECT_STAGES.map((stage) =>
              this.fetch(query, stage, null).pipe(
                map((page) => ({ stage, page, failed: false })),
                catchError(() => of({ stage, page: { items: [], next_cursor: null } as Page<Prospect>, failed: true })),
              ),
            ),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((results) => {
        const columns = emptyColumns();
        const states = emptyStates();
        for (const { stage, page, failed } of results) {
          columns[stage] = page.items;
          states[stage] = { cursor: page.next_cursor, loadingMore: false, failed };
        }
        this.columns.set(columns);
        this.columnStates.set(states);
        this.loading.set(false);
      });

    const { q, owner } = this.filters.controls;
    q.valueChanges
      .pipe(debounceTime(BOARD_SEARCH_DEBOUNCE_MS), startWith(q.value), map((v) => v.trim()), distinctUntilChanged())
      .pipe(
        switchMap((text) =>
          merge(owner.valueChanges, this.drill.changes.pipe(map(() => owner.value))).pipe(startWith(owner.value), map((o) => ({ text, o }))),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ text, o }) => {
        const query: ProspectListQuery = { ...this.drill.values() };
        if (text) query.q = text;
        if (o === UNASSIGNED) query.unassigned = true;
        else if (o) query.owner_user_id = o;
        this.query = query;
        this.reloads.next(query);
        syncQueryParams(this.router, this.route, { q: text, owner: o, ...this.drill.urlParams() });
      });

    if (hasRole(this.auth.role(), LEAD_ASSIGN_ROLES)) {
      this.api
        .assignees()
        .pipe(takeUntilDestroyed())
        .subscribe({ next: (res) => this.assignees.set(res.items), error: () => undefined });
    }
  }

  protected readonly name = prospectName;

  protected count(stage: ProspectStage): string {
    const n = this.columns()[stage].length;
    return this.columnStates()[stage].cursor ? `${n}+` : String(n);
  }

  protected targets(prospect: Prospect): ProspectStage[] {
    return moveTargets(prospect);
  }

  protected isPending(prospect: Prospect): boolean {
    return this.pending().has(prospect.prospect_id);
  }

  /** While a card is dragged: is `stage` a column it may be dropped on? */
  protected dropState(stage: ProspectStage): 'allowed' | 'blocked' | 'origin' | null {
    const p = this.dragging();
    if (!p) return null;
    if (p.stage === stage) return 'origin';
    return checkMove(p, stage).ok ? 'allowed' : 'blocked';
  }

  protected dragStarted(prospect: Prospect): void {
    this.dragging.set(prospect);
  }

  protected dragEnded(): void {
    this.dragging.set(null);
  }

  protected drop(event: CdkDragDrop<ProspectStage, ProspectStage, Prospect>): void {
    this.dragging.set(null);
    const to = event.container.data;
    if (event.previousContainer === event.container || !isProspectStage(to)) {
      return; // no reordering inside a column: the server orders cards
    }
    this.requestMove(event.item.data, to);
  }

  /** Entry point of both drag-and-drop and the "Move to…" menu. */
  requestMove(prospect: Prospect, to: ProspectStage): void {
    const check = checkMove(prospect, to);
    if (!check.ok) {
      if (check.reason !== 'same') {
        this.notice.set({
          prospectId: prospect.prospect_id,
          company: prospectName(prospect),
          to,
          detail: null,
          reason: check.reason,
          allowed: check.allowed,
        });
      }
      return;
    }
    this.notice.set(null);
    if (to === 'LOST') {
      this.dialog
        .open<LostReasonDialogComponent, LostReasonDialogData, LostReasonResult>(
          LostReasonDialogComponent,
          dialogConfig({ companyName: prospectName(prospect) }, { width: '480px' }),
        )
        .afterClosed()
        .subscribe((result) => {
          if (result) this.move(prospect, to, result.reason || undefined);
        });
      return;
    }
    this.move(prospect, to);
  }

  protected openPanel(prospect: Prospect): void {
    openProspectPanel(this.dialog, { prospect, canLogActivity: this.canLogActivity() });
  }

  protected loadMore(stage: ProspectStage): void {
    const state = this.columnStates()[stage];
    if (!state.cursor || state.loadingMore) return;
    this.setColumnState(stage, { loadingMore: true });
    this.fetch(this.query, stage, state.cursor).subscribe({
      next: (page) => {
        this.columns.update((columns) => {
          const known = new Set(PROSPECT_STAGES.flatMap((s) => columns[s].map((p) => p.prospect_id)));
          return { ...columns, [stage]: [...columns[stage], ...page.items.filter((p) => !known.has(p.prospect_id))] };
        });
        this.setColumnState(stage, { cursor: page.next_cursor, loadingMore: false });
      },
      error: () => this.setColumnState(stage, { loadingMore: false }),
    });
  }

  protected reload(): void {
    this.reloads.next(this.query);
  }

  private move(prospect: Prospect, to: ProspectStage, lostReason?: string): void {
    const before = this.columns();
    this.columns.set(applyMove(before, prospect, to));
    this.setPending(prospect.prospect_id, true);
    this.api.moveProspect(prospect.prospect_id, to, lostReason).subscribe({
      next: (updated) => {
        this.setPending(prospect.prospect_id, false);
        // The server's row carries the new allowed_stages.
        this.columns.update((columns) => ({
          ...columns,
          [to]: columns[to].map((p) => (p.prospect_id === updated.prospect_id ? { ...p, ...updated } : p)),
        }));
        void this.notifications.info(
          this.transloco.translate('crm.prospects.moved', {
            company: prospectName(prospect),
            stage: this.transloco.translate(`crm.stage.${to}`),
          }),
        );
      },
      error: (err: unknown) => {
        this.setPending(prospect.prospect_id, false);
        // Put the card back where it was.
        this.columns.update((columns) => applyMove(columns, prospect, prospect.stage));
        const problem = toProblem(err);
        if (problem.status === 409 || problem.status === 422) {
          const allowed = allowedOf(err).filter(isProspectStage);
          this.notice.set({
            prospectId: prospect.prospect_id,
            company: prospectName(prospect),
            to,
            detail: problem.detail ?? this.transloco.translate('crm.common.conflict'),
            reason: 'server',
            allowed,
          });
          if (problem.status === 409 && allowed.length) {
            // Keep the card's rules in line with what the server just said.
            this.columns.update((columns) => ({
              ...columns,
              [prospect.stage]: columns[prospect.stage].map((p) =>
                p.prospect_id === prospect.prospect_id ? { ...p, allowed_stages: allowed } : p,
              ),
            }));
          }
        }
      },
    });
  }

  private fetch(query: ProspectListQuery, stage: ProspectStage, cursor: string | null): Observable<Page<Prospect>> {
    if (query.stage && query.stage !== stage) return of({ items: [], next_cursor: null });
    return this.api.listProspects({ ...query, stage }, { cursor, limit: COLUMN_PAGE_SIZE });
  }

  private setColumnState(stage: ProspectStage, patch: Partial<ColumnState>): void {
    this.columnStates.update((states) => ({ ...states, [stage]: { ...states[stage], ...patch } }));
  }

  private setPending(id: string, on: boolean): void {
    this.pending.update((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
