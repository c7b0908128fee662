import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, map, startWith } from 'rxjs';

import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { IdDatePipe } from '../../../shared/format/format.pipes';
import { CrmApiService } from '../shared/crm-api.service';
import type { Customer, CustomerListQuery } from '../shared/crm.models';
import { injectIsPhone } from '../shared/layout';
import { CursorList } from '../shared/list-state';
import { syncQueryParams } from '../../../shared/url-state';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

export const CUSTOMER_SEARCH_DEBOUNCE_MS = 300;

/**
 * CRM → Customers: search (name, NPWP, email, phone), city and industry filters kept in the URL,
 * server "load more". A row opens the customer 360.
 * Test ids: customers-table, customer-row-<customer_id>, customers-search, customers-filter-city,
 * customers-filter-industry, customers-more, customers-empty.
 */
@Component({
  selector: 'bcc-customers-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDatePipe,
    PageHeaderComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customers-page.component.html',
  styleUrl: './customers-page.component.scss',
})
export class CustomersPageComponent {
  private readonly api = inject(CrmApiService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly isPhone = injectIsPhone();
  protected readonly columns = computed(() =>
    this.isPhone() ? ['company'] : ['company', 'contact', 'npwp', 'city', 'industry', 'created'],
  );

  protected readonly filters = new FormGroup({
    q: new FormControl(this.route.snapshot.queryParamMap.get('q') ?? '', { nonNullable: true }),
    city: new FormControl(this.route.snapshot.queryParamMap.get('city') ?? '', { nonNullable: true }),
    industry: new FormControl(this.route.snapshot.queryParamMap.get('industry') ?? '', { nonNullable: true }),
  });
  protected readonly list = new CursorList<Customer, CustomerListQuery>((query, cursor) =>
    this.api.listCustomers(query, { cursor }),
  );
  protected readonly hasFilters = signal(false);

  constructor() {
    this.list.connect().pipe(takeUntilDestroyed()).subscribe();
    this.filters.valueChanges
      .pipe(
        debounceTime(CUSTOMER_SEARCH_DEBOUNCE_MS),
        startWith(null),
        map(() => {
          const v = this.filters.getRawValue();
          const query: CustomerListQuery = {};
          if (v.q.trim()) query.q = v.q.trim();
          if (v.city.trim()) query.city = v.city.trim();
          if (v.industry.trim()) query.industry = v.industry.trim();
          return query;
        }),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(),
      )
      .subscribe((query) => {
        this.hasFilters.set(Object.keys(query).length > 0);
        this.list.load(query);
        syncQueryParams(this.router, this.route, { q: query.q, city: query.city, industry: query.industry });
      });
  }

  protected open(customer: Customer): void {
    void this.router.navigate(['/crm/customers', customer.customer_id]);
  }

  protected clearFilters(): void {
    this.filters.reset({ q: '', city: '', industry: '' });
  }
}
