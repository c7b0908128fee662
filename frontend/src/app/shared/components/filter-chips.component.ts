import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatChipsModule } from '@angular/material/chips';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';

import type { FilterChip } from './drill-filters';

/**
 * The filters a list got from the URL (typically a command-center drill-down) and has no
 * visible control for, as removable chips: `Dibuat: 01/11/2026 – 26/11/2026 ✕`. Labels are i18n
 * keys of the page's scope; values come formatted (or as i18n keys). Renders nothing when empty.
 * Test ids: filter-chips, filter-chip-<id>, filter-chip-remove-<id>, filter-chips-clear.
 */
@Component({
  selector: 'bcc-filter-chips',
  imports: [MatChipsModule, MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (chips().length) {
      <div class="filter-chips" [class.filter-chips--flush]="!inset()" data-testid="filter-chips">
        <span class="filter-chips__title" [id]="titleId">{{ 'home.drill.title' | transloco }}</span>
        <mat-chip-set [attr.aria-labelledby]="titleId">
          @for (chip of chips(); track chip.id) {
            <mat-chip
              class="filter-chip"
              [removable]="true"
              (removed)="remove.emit(chip)"
              [attr.data-testid]="'filter-chip-' + chip.id"
            >
              <span class="filter-chip__label">{{ chip.label | transloco }}</span
              >@if (chip.value || chip.valueKey) {<span class="filter-chip__value"
                  >: {{ chip.valueKey ? (chip.valueKey | transloco: chip.valueParams ?? {}) : chip.value }}</span
                >}
              <button
                matChipRemove
                type="button"
                [attr.aria-label]="'home.drill.remove' | transloco: { filter: (chip.label | transloco) }"
                [attr.data-testid]="'filter-chip-remove-' + chip.id"
              >
                <mat-icon svgIcon="close" />
              </button>
            </mat-chip>
          }
        </mat-chip-set>
        @if (chips().length > 1) {
          <button type="button" class="filter-chips__clear" (click)="clear.emit()" data-testid="filter-chips-clear">
            {{ 'home.drill.clearAll' | transloco }}
          </button>
        }
      </div>
    }
  `,
  styles: `
    .filter-chips {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      padding: 8px 16px;
    }
    .filter-chips--flush {
      padding-inline: 0;
    }
    .filter-chips__title {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .filter-chip__value {
      font-weight: 500;
    }
    .filter-chips__clear {
      border: 0;
      background: none;
      padding: 4px;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-label-large);
      cursor: pointer;
      text-decoration: underline;
    }
    .filter-chips__clear:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
      border-radius: 4px;
    }
  `,
})
export class FilterChipsComponent {
  private static nextId = 0;
  readonly chips = input.required<readonly FilterChip[]>();
  /** Padded as inside a card (default); false when the chips sit directly on the page. */
  readonly inset = input(true);
  readonly remove = output<FilterChip>();
  readonly clear = output<void>();
  protected readonly titleId = `bcc-filter-chips-${FilterChipsComponent.nextId++}`;
}
