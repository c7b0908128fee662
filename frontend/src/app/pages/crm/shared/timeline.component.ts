import { ChangeDetectionStrategy, Component, booleanAttribute, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';

import { IdDateTimePipe } from '../../../shared/format/format.pipes';
import type { TimelinePart } from './timeline';

/** One line of a CRM timeline, already described (see describeTimelineItem). */
export interface TimelineRow {
  /** lead_event | activity | stage_change | audit: the icon's colour (`timeline__icon--<kind>`). */
  kind: string;
  icon: string;
  title: TimelinePart[];
  detail: TimelinePart[] | null;
  at: string;
  actor?: string | null;
}

/**
 * The vertical timeline of the CRM detail pages (lead timeline, customer recent activity).
 * `labelled` adds what the lead timeline carries: test id `timeline-item` with `data-kind`, the
 * kind as the icon's title and as screen-reader text before the title.
 */
@Component({
  selector: 'bcc-crm-timeline',
  imports: [MatIconModule, TranslocoPipe, IdDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="timeline">
      @for (row of rows(); track $index) {
        <li class="timeline__item" [attr.data-testid]="labelled() ? 'timeline-item' : null" [attr.data-kind]="labelled() ? row.kind : null">
          <span [class]="'timeline__icon timeline__icon--' + row.kind" [attr.title]="labelled() ? ('crm.timelineKind.' + row.kind | transloco) : null">
            <mat-icon [svgIcon]="row.icon" aria-hidden="true" />
          </span>
          <div class="timeline__body">
            <p class="timeline__title">
              @if (labelled()) {
                <span class="bcc-sr-only">{{ 'crm.timelineKind.' + row.kind | transloco }}:</span>
              }
              @for (part of row.title; track $index) {<span>{{ partKey(part) ? (partKey(part) ?? '' | transloco: partParams(part)) : partText(part) }}</span>}
            </p>
            @if (row.detail; as detail) {
              <p class="timeline__detail">
                @for (part of detail; track $index) {<span>{{ partKey(part) ? (partKey(part) ?? '' | transloco: partParams(part)) : partText(part) }}</span>}
              </p>
            }
            <p class="timeline__meta">
              <time [attr.datetime]="row.at">{{ row.at | idDateTime }}</time>
              @if (row.actor) {
                · {{ row.actor }}
              }
            </p>
          </div>
        </li>
      }
    </ol>
  `,
  styleUrl: './timeline.component.scss',
})
export class TimelineComponent {
  readonly rows = input.required<readonly TimelineRow[]>();
  readonly labelled = input(false, { transform: booleanAttribute });

  protected partKey(part: TimelinePart): string | null {
    return 'key' in part ? part.key : null;
  }

  protected partParams(part: TimelinePart): Record<string, string> | undefined {
    return 'key' in part ? part.params : undefined;
  }

  protected partText(part: TimelinePart): string {
    return 'text' in part ? part.text : '';
  }
}
