import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivatedRoute, ParamMap, Router } from '@angular/router';
import { TranslocoDirective, TranslocoPipe } from '@jsverse/transloco';

import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { syncQueryParams } from '../../../shared/url-state';
import { MarketingEventsComponent } from './marketing-events.component';
import { MarketingSpendComponent } from './marketing-spend.component';

const TABS = ['events', 'spend'] as const;
type Tab = (typeof TABS)[number];

/**
 * The tab to open: `?tab=`, else "spend" when spend filters arrive without a tab (the command
 * center's marketing-spend numbers drill here with `?from=&to=&channel=`), else "events".
 */
export function initialTab(params: ParamMap): number {
  const tab = params.get('tab');
  if (tab) return Math.max(0, TABS.indexOf(tab as Tab));
  return params.has('from') || params.has('to') || params.has('channel') ? 1 : 0;
}

/**
 * CRM → Marketing events & spend: two tabs (kept in the URL as `?tab=`), each a list with its
 * create form for the marketing roles. Test ids: marketing-tabs, marketing-tab-events,
 * marketing-tab-spend.
 */
@Component({
  selector: 'bcc-marketing-page',
  imports: [MatTabsModule, TranslocoDirective, TranslocoPipe, PageHeaderComponent, MarketingEventsComponent, MarketingSpendComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ng-container *transloco="let t">
    <div class="bcc-page" data-testid="page-marketing">
      <bcc-page-header [title]="'nav.marketing' | transloco" [subtitle]="'crm.marketing.subtitle' | transloco" icon="campaign" titleTestId="page-title" />
      <mat-tab-group
        [selectedIndex]="index()"
        (selectedIndexChange)="select($event)"
        mat-stretch-tabs="false"
        animationDuration="0ms"
        data-testid="marketing-tabs"
      >
        <mat-tab>
          <ng-template mat-tab-label><span data-testid="marketing-tab-events">{{ 'crm.marketing.events' | transloco }}</span></ng-template>
          <ng-template matTabContent><bcc-crm-marketing-events /></ng-template>
        </mat-tab>
        <mat-tab>
          <ng-template mat-tab-label><span data-testid="marketing-tab-spend">{{ 'crm.marketing.spend' | transloco }}</span></ng-template>
          <ng-template matTabContent><bcc-crm-marketing-spend /></ng-template>
        </mat-tab>
      </mat-tab-group>
    </div>
    </ng-container>
  `,
})
export class MarketingPageComponent {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly index = signal(initialTab(this.route.snapshot.queryParamMap));

  protected select(index: number): void {
    this.index.set(index);
    // The spend filters belong to the spend tab: leaving it drops them from the URL.
    syncQueryParams(this.router, this.route, index === 0 ? { tab: null, channel: null, from: null, to: null } : { tab: TABS[index] });
  }
}
