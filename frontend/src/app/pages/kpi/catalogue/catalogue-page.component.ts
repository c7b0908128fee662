import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { catchError, map, of } from 'rxjs';

import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { KpiApiService } from '../shared/kpi-api.service';
import { KPI_DEPARTMENTS, KpiDepartment, MetricDefinition } from '../shared/kpi.models';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

/**
 * KPI → Catalogue: every metric with its department, unit, source (computed from data or
 * entered) and direction, in the UI language. Test ids: kpi-catalogue-table,
 * kpi-catalogue-row-<KEY>, kpi-catalogue-dept-<DEPT|all>.
 */
@Component({
  selector: 'bcc-kpi-catalogue-page',
  imports: [MatCardModule, MatChipsModule, MatProgressBarModule, MatTableModule, TranslocoPipe, PageHeaderComponent, ExportMenuComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bcc-page" data-testid="page-kpi-catalogue">
      <bcc-page-header [title]="'nav.kpiCatalogue' | transloco" [subtitle]="'kpi.catalogue.subtitle' | transloco" icon="list" titleTestId="page-title">
        <bcc-export-menu list="kpi/metrics" [params]="{ department: dept() }" testId="kpi-catalogue-export" />
      </bcc-page-header>
      <mat-chip-listbox [attr.aria-label]="'kpi.fields.department' | transloco" class="depts">
        <mat-chip-option [selected]="dept() === null" (click)="dept.set(null)" data-testid="kpi-catalogue-dept-all">{{ 'kpi.common.all' | transloco }}</mat-chip-option>
        @for (d of departments; track d) {
          <mat-chip-option [selected]="dept() === d" (click)="dept.set(d)" [attr.data-testid]="'kpi-catalogue-dept-' + d">{{ 'kpi.departments.' + d | transloco }}</mat-chip-option>
        }
      </mat-chip-listbox>
      <mat-card appearance="outlined">
        @if (metrics() === null) { <mat-progress-bar mode="indeterminate" /> }
        <div class="bcc-table-scroll">
          <table mat-table [dataSource]="shown()" data-testid="kpi-catalogue-table" [attr.aria-label]="'nav.kpiCatalogue' | transloco">
            <ng-container matColumnDef="name">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'kpi.fields.metric' | transloco }}</th>
              <td mat-cell *matCellDef="let m">
                <div class="name">{{ en() ? m.name_en : m.name }}</div>
                <code class="key">{{ m.metric_key }}</code>
                <div class="desc">{{ en() ? m.description_en : m.description }}</div>
              </td>
            </ng-container>
            <ng-container matColumnDef="department">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'kpi.fields.department' | transloco }}</th>
              <td mat-cell *matCellDef="let m" class="nowrap">{{ 'kpi.departments.' + m.department | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="unit">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'kpi.fields.unit' | transloco }}</th>
              <td mat-cell *matCellDef="let m" class="nowrap">{{ 'kpi.unitNames.' + m.unit | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="source">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'kpi.fields.source' | transloco }}</th>
              <td mat-cell *matCellDef="let m"><span [class]="'src src--' + m.source.toLowerCase()">{{ 'kpi.sources.' + m.source | transloco }}</span></td>
            </ng-container>
            <ng-container matColumnDef="direction">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'kpi.fields.direction' | transloco }}</th>
              <td mat-cell *matCellDef="let m">{{ 'kpi.directions.' + m.direction | transloco }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let m; columns: columns" [attr.data-testid]="'kpi-catalogue-row-' + m.metric_key"></tr>
          </table>
        </div>
      </mat-card>
    </div>
  `,
  styles: `
    .depts { display: block; margin-bottom: 16px; }
    table { width: 100%; }
    td { padding-top: 8px !important; padding-bottom: 8px !important; vertical-align: top; }
    .name { font-weight: 500; }
    .key { font-size: 11px; color: var(--mat-sys-on-surface-variant); }
    .desc { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); margin-top: 2px; max-width: 560px; }
    .nowrap { white-space: nowrap; }
    .src { display: inline-block; padding: 2px 10px; border-radius: 999px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-high); white-space: nowrap; }
    .src--auto { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
  `,
})
export class CataloguePageComponent {
  private readonly api = inject(KpiApiService);
  private readonly transloco = inject(TranslocoService);

  protected readonly departments = KPI_DEPARTMENTS;
  protected readonly columns = ['name', 'department', 'unit', 'source', 'direction'];
  protected readonly dept = signal<KpiDepartment | null>(null);
  protected readonly en = toSignal(this.transloco.langChanges$.pipe(map((l) => l === 'en')), { initialValue: this.transloco.getActiveLang() === 'en' });
  protected readonly metrics = toSignal(this.api.metrics().pipe(map((r) => r.items), catchError(() => of([] as MetricDefinition[]))), { initialValue: null });
  protected readonly shown = computed(() => (this.metrics() ?? []).filter((m) => this.dept() === null || m.department === this.dept()));
}
