import { ChangeDetectionStrategy, Component, ViewEncapsulation, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogConfig, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

import { IdDateTimePipe } from '../../../shared/format/format.pipes';
import { CrmApiService } from '../shared/crm-api.service';
import { provideCrmTranslations } from '../shared/crm-i18n';
import { Prospect, ProspectHistoryItem, prospectName } from '../shared/crm.models';
import { StatusChipComponent } from '../shared/status-chip.component';

export interface ProspectPanelData {
  prospect: Prospect;
  canLogActivity: boolean;
}

/**
 * The side panel of a pipeline card: the prospect, its stage history (who moved it when) and
 * shortcuts to the customer 360 and the activity quick-log. Opened as a full-height dialog
 * docked to the right (full screen on phones), so it traps focus and closes with Esc.
 * Test ids: prospect-panel, prospect-history, prospect-history-item, prospect-panel-close.
 */
@Component({
  selector: 'bcc-crm-prospect-panel',
  imports: [RouterLink, MatButtonModule, MatDialogModule, MatIconModule, MatProgressBarModule, TranslocoPipe, IdDateTimePipe, StatusChipComponent],
  providers: [provideCrmTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The panel styles the dialog surface it lives in (outside this component's view).
  encapsulation: ViewEncapsulation.None,
  template: `
    <div class="crm-panel" data-testid="prospect-panel">
      <header class="crm-panel__header">
        <div class="crm-panel__heading">
          <h2 mat-dialog-title class="crm-panel__title">{{ name }}</h2>
          <p class="crm-panel__id">{{ p.prospect_id }}</p>
        </div>
        <button mat-icon-button type="button" mat-dialog-close [attr.aria-label]="'common.close' | transloco" data-testid="prospect-panel-close">
          <mat-icon svgIcon="close" />
        </button>
      </header>
      <mat-dialog-content class="crm-panel__content">
        <dl class="crm-panel__facts">
          <div>
            <dt>{{ 'crm.stageLabel' | transloco }}</dt>
            <dd><bcc-crm-status-chip kind="stage" [value]="p.stage" /></dd>
          </div>
          <div>
            <dt>{{ 'crm.leads.columns.owner' | transloco }}</dt>
            <dd>{{ p.owner_user_id ? (p.owner_name || '—') : ('crm.common.unassigned' | transloco) }}</dd>
          </div>
          <div>
            <dt>{{ 'crm.prospects.stageChanged' | transloco }}</dt>
            <dd>{{ p.stage_changed_at | idDateTime }}</dd>
          </div>
          <div>
            <dt>{{ 'crm.prospects.lastActivity' | transloco }}</dt>
            <dd>{{ p.last_activity_at | idDateTime }}</dd>
          </div>
          @if (p.lost_reason) {
            <div>
              <dt>{{ 'crm.prospects.lostReason' | transloco }}</dt>
              <dd>{{ p.lost_reason }}</dd>
            </div>
          }
        </dl>
        <div class="crm-panel__links">
          <a mat-stroked-button [routerLink]="['/crm/customers', p.customer_id]" mat-dialog-close>{{ 'crm.prospects.openCustomer' | transloco }}</a>
          @if (data.canLogActivity) {
            <a mat-flat-button routerLink="/crm/activities" [queryParams]="{ prospect_id: p.prospect_id, customer_id: p.customer_id }" mat-dialog-close data-testid="prospect-panel-log">
              <mat-icon svgIcon="call" />
              {{ 'crm.prospects.logActivity' | transloco }}
            </a>
          }
        </div>
        <h3 class="crm-panel__subtitle">{{ 'crm.prospects.history' | transloco }}</h3>
        @if (loading()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
        } @else if (history().length === 0) {
          <p class="crm-panel__muted">{{ 'crm.common.none' | transloco }}</p>
        } @else {
          <ol class="crm-panel__history" data-testid="prospect-history">
            @for (h of history(); track $index) {
              <li data-testid="prospect-history-item">
                <span class="crm-panel__move">
                  @if (h.from_stage) {
                    {{ 'crm.stage.' + h.from_stage | transloco }} →
                  }
                  <strong>{{ 'crm.stage.' + h.to_stage | transloco }}</strong>
                </span>
                <span class="crm-panel__muted">{{ h.changed_at | idDateTime }} · {{ h.changed_by_name || '—' }}</span>
              </li>
            }
          </ol>
        }
      </mat-dialog-content>
    </div>
  `,
  styles: `
    .crm-side-panel {
      --mat-dialog-container-shape: 0;
      --mat-dialog-container-max-width: 100vw;
      --mat-dialog-container-small-max-width: 100vw;
    }
    .crm-side-panel .mat-mdc-dialog-surface {
      border-radius: 0;
    }
    .crm-panel {
      display: flex;
      flex-direction: column;
      height: 100%;
    }
    .crm-panel__header {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      padding: 8px 8px 0 0;
    }
    .crm-panel__heading {
      flex: 1;
      min-width: 0;
    }
    .crm-panel__title.mat-mdc-dialog-title {
      padding-bottom: 0;
      overflow-wrap: anywhere;
    }
    .crm-panel__id {
      margin: 0;
      padding: 0 24px;
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      color: var(--mat-sys-on-surface-variant);
    }
    .crm-panel__content.mat-mdc-dialog-content {
      max-height: none;
      flex: 1;
    }
    .crm-panel__facts {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 12px 16px;
      margin: 8px 0 16px;
    }
    .crm-panel__facts dt {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .crm-panel__facts dd {
      margin: 2px 0 0;
    }
    .crm-panel__links {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .crm-panel__subtitle {
      margin: 24px 0 8px;
      font: var(--mat-sys-title-small);
    }
    .crm-panel__history {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .crm-panel__history li {
      display: flex;
      flex-direction: column;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .crm-panel__muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class ProspectPanelComponent {
  private readonly api = inject(CrmApiService);
  protected readonly data = inject<ProspectPanelData>(MAT_DIALOG_DATA);
  protected readonly p = this.data.prospect;
  protected readonly name = prospectName(this.p);
  protected readonly history = signal<ProspectHistoryItem[]>([]);
  protected readonly loading = signal(true);

  constructor() {
    this.api
      .prospectHistory(this.p.prospect_id)
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (res) => {
          // Newest first, whatever order the server used.
          this.history.set([...res.items].sort((a, b) => (a.changed_at < b.changed_at ? 1 : a.changed_at > b.changed_at ? -1 : 0)));
          this.loading.set(false);
        },
        error: () => this.loading.set(false),
      });
  }
}

/** Opens the panel docked to the right edge, full height (full screen on a phone). */
export function openProspectPanel(dialog: MatDialog, data: ProspectPanelData) {
  const config: MatDialogConfig<ProspectPanelData> = {
    data,
    position: { right: '0', top: '0' },
    height: '100%',
    width: '440px',
    maxWidth: '100vw',
    maxHeight: '100vh',
    autoFocus: 'dialog',
    restoreFocus: true,
    panelClass: ['bcc-dialog', 'crm-side-panel'],
    ariaLabel: prospectName(data.prospect),
  };
  return dialog.open<ProspectPanelComponent, ProspectPanelData, void>(ProspectPanelComponent, config);
}
