import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, OnDestroy, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Observable, catchError, debounceTime, distinctUntilChanged, map, of, switchMap, tap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { toProblem } from '../../../core/http/problem';
import { NotificationService } from '../../../core/notification.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { DrillDefs, injectDrillFilters } from '../../../shared/components/drill-filters';
import { FilterChipsComponent } from '../../../shared/components/filter-chips.component';
import { syncQueryParams } from '../../../shared/url-state';
import { IdDateTimePipe, IdNumberPipe } from '../../../shared/format/format.pipes';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { CrmApiService } from '../shared/crm-api.service';
import { ACTIVITY_ICONS } from '../shared/crm-icons';
import { ACTIVITY_TYPES, Activity, ActivityCreate, ActivityListQuery, ActivityType, GeoLocation, Prospect, prospectName } from '../shared/crm.models';
import { IdempotentSubmission } from '../shared/idempotency';
import { CursorList } from '../shared/list-state';
import { StatusChipComponent } from '../shared/status-chip.component';
import {
  GEOLOCATION,
  GEO_OPTIONS,
  GeoFailure,
  LOW_ACCURACY_M,
  SECURE_CONTEXT,
  VisitRequirement,
  geoFailureOf,
  missingForActivity,
  toGeoLocation,
} from './visit-rules';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

export const PROSPECT_SEARCH_DEBOUNCE_MS = 250;
export const EVIDENCE_BUCKET = 'prospect-evidence';
export const ACTIVITY_NOTES_MAX = 4000;
export const RECENT_LIMIT = 20;

/**
 * Filters a command-center drill may put in the URL (`?from=&to=&include_system=false`): the list
 * below the form then shows exactly those activities (not only mine), with the filters as chips.
 */
export const ACTIVITY_DRILL: DrillDefs = {
  ranges: [{ from: 'from', to: 'to', kind: 'date', label: 'crm.drill.occurred' }],
  params: [
    { key: 'include_system', kind: 'flag', label: 'crm.drill.includeSystem' },
    { key: 'owner_user_id', kind: 'text', label: 'crm.drill.owner' },
    { key: 'activity_type', kind: 'enum', values: ACTIVITY_TYPES, label: 'crm.drill.activityType', valuePrefix: 'crm.activityType.' },
  ],
};

/** The prospect field must hold a chosen prospect, not just typed text. */
function prospectChosen(control: AbstractControl): ValidationErrors | null {
  const value: unknown = control.value;
  if (value === null || value === undefined || value === '') return { required: true };
  return typeof value === 'object' && 'prospect_id' in (value as object) ? null : { choose: true };
}

/**
 * CRM → Activities: the quick log for the field. Pick a prospect (autocomplete), a type (big
 * buttons), notes; a visit also needs a photo (camera on phones) and the GPS position with its
 * accuracy. The photo goes to /api/files first, then the activity is posted; both carry an
 * Idempotency-Key reused on retry. Below: my recent activities.
 * Test ids: activity-form, activity-prospect, activity-prospect-option-<prospect_id>,
 * activity-type-<type>, activity-notes, activity-when, activity-photo, activity-photo-preview,
 * activity-locate, activity-location, activity-geo-error, activity-visit-missing,
 * activity-submit, activity-error, activity-list, activity-item.
 */
@Component({
  selector: 'bcc-activities-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatAutocompleteModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDateTimePipe,
    IdNumberPipe,
    PageHeaderComponent,
    StatusChipComponent,
    FilterChipsComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './activities-page.component.html',
  styleUrl: './activities-page.component.scss',
})
export class ActivitiesPageComponent implements OnDestroy {
  private readonly api = inject(CrmApiService);
  private readonly auth = inject(AuthService);
  private readonly transloco = inject(TranslocoService);
  private readonly notifications = inject(NotificationService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly geolocation = inject(GEOLOCATION);
  private readonly secure = inject(SECURE_CONTEXT);

  private readonly photoInput = viewChild<ElementRef<HTMLInputElement>>('photoInput');
  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly types = ACTIVITY_TYPES;
  protected readonly icons = ACTIVITY_ICONS;
  protected readonly notesMax = ACTIVITY_NOTES_MAX;
  protected readonly lowAccuracy = LOW_ACCURACY_M;
  protected readonly name = prospectName;

  readonly form = new FormGroup({
    prospect: new FormControl<Prospect | string | null>(null, { validators: [prospectChosen] }),
    activity_type: new FormControl<ActivityType | null>('call', { validators: [Validators.required] }),
    notes: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(ACTIVITY_NOTES_MAX)] }),
    occurred_at: new FormControl('', { nonNullable: true }),
  });

  protected readonly type = signal<ActivityType | null>('call');
  readonly photo = signal<File | null>(null);
  protected readonly photoUrl = signal<string | null>(null);
  protected readonly photoError = signal<string | null>(null);
  readonly location = signal<GeoLocation | null>(null);
  protected readonly locating = signal(false);
  protected readonly geoError = signal<GeoFailure | null>(null);
  protected readonly locationError = signal<string | null>(null);
  /** Shown once the user tried to send a visit without its evidence. */
  protected readonly showMissing = signal(false);
  readonly missing = computed<VisitRequirement[]>(() => missingForActivity(this.type(), this.photo(), this.location()));
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly options = signal<Prospect[]>([]);
  protected readonly searching = signal(false);

  /** The uploaded evidence of the current photo, kept so a retry does not upload it again. */
  private uploaded: { file: File; objectId: string } | null = null;
  readonly activitySubmission = new IdempotentSubmission();
  readonly uploadSubmission = new IdempotentSubmission();

  protected readonly recent = new CursorList<Activity, ActivityListQuery>((query, cursor) =>
    this.api.listActivities(query, { cursor, limit: RECENT_LIMIT }),
  );
  private readonly myId = computed(() => this.auth.user()?.user_id ?? '');
  protected readonly drill = injectDrillFilters(ACTIVITY_DRILL);

  private loadRecent(): void {
    this.recent.load(this.drill.active() ? (this.drill.values() as ActivityListQuery) : { owner_user_id: this.myId(), include_system: false });
  }

  constructor() {
    this.recent.connect().pipe(takeUntilDestroyed()).subscribe();
    // What I did myself (stage changes and handovers are in the prospect's history), or,
    // opened from a drill-down, exactly the activities of its filters.
    this.loadRecent();
    this.drill.changes.pipe(takeUntilDestroyed()).subscribe(() => {
      this.loadRecent();
      syncQueryParams(this.router, this.route, this.drill.urlParams());
    });

    this.form.controls.activity_type.valueChanges.pipe(takeUntilDestroyed()).subscribe((type) => {
      this.type.set(type);
      this.formError.set(null);
    });

    this.form.controls.prospect.valueChanges
      .pipe(
        map((value) => (typeof value === 'string' ? value.trim() : null)),
        debounceTime(PROSPECT_SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
        switchMap((q): Observable<Prospect[]> => {
          if (q === null || q.length < 2) return of([]);
          this.searching.set(true);
          return this.api.searchProspects(q).pipe(
            map((page) => page.items),
            catchError(() => of([])),
            tap(() => this.searching.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((items) => this.options.set(items));

    this.prefillFromUrl();
  }

  ngOnDestroy(): void {
    this.revokePhotoUrl();
  }

  protected displayProspect = (value: Prospect | string | null): string =>
    value && typeof value === 'object' ? prospectName(value) : (value ?? '');

  protected selectedProspect(): Prospect | null {
    const value = this.form.controls.prospect.value;
    return value && typeof value === 'object' ? value : null;
  }

  protected pickPhoto(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.setPhoto(file);
  }

  setPhoto(file: File | null): void {
    this.photoError.set(null);
    this.revokePhotoUrl();
    if (file && !file.type.startsWith('image/')) {
      this.photo.set(null);
      this.photoError.set(this.t('crm.activities.photoNotImage'));
      return;
    }
    this.photo.set(file);
    if (file && typeof URL.createObjectURL === 'function') {
      this.photoUrl.set(URL.createObjectURL(file));
    }
  }

  protected removePhoto(): void {
    this.setPhoto(null);
    const input = this.photoInput()?.nativeElement;
    if (input) input.value = '';
  }

  /** "Use my location": one high-accuracy fix; each failure is explained. */
  locate(): void {
    this.geoError.set(null);
    this.locationError.set(null);
    if (!this.secure) {
      this.geoError.set('insecure');
      return;
    }
    if (!this.geolocation) {
      this.geoError.set('unsupported');
      return;
    }
    this.locating.set(true);
    this.geolocation.getCurrentPosition(
      (position) => {
        this.locating.set(false);
        this.location.set(toGeoLocation(position));
      },
      (error) => {
        this.locating.set(false);
        this.geoError.set(geoFailureOf(error));
      },
      GEO_OPTIONS,
    );
  }

  submit(): void {
    if (this.saving()) return;
    this.formError.set(null);
    const missing = this.missing();
    if (this.form.invalid || missing.length > 0) {
      this.form.markAllAsTouched();
      this.showMissing.set(missing.length > 0);
      return;
    }
    this.showMissing.set(false);
    this.photoError.set(null);
    this.locationError.set(null);
    this.saving.set(true);
    const photo = this.type() === 'visit' ? this.photo() : null;
    this.evidence(photo)
      .pipe(switchMap((objectId) => this.post(objectId)))
      .subscribe({
        next: () => {
          this.saving.set(false);
          this.activitySubmission.complete();
          this.uploadSubmission.complete();
          void this.notifications.info(this.t('crm.activities.saved'));
          this.resetAfterSave();
          this.recent.reload();
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.handleError(err);
        },
      });
  }

  /** The activity body of the form (evidence and location only for a visit). */
  body(objectId: string | null): ActivityCreate {
    const v = this.form.getRawValue();
    const prospect = v.prospect as Prospect;
    const body: ActivityCreate = { activity_type: v.activity_type as ActivityType, prospect_id: prospect.prospect_id };
    const notes = v.notes.trim();
    if (notes) body.notes = notes;
    if (v.occurred_at) {
      const when = new Date(v.occurred_at);
      if (!Number.isNaN(when.getTime())) body.occurred_at = when.toISOString();
    }
    if (body.activity_type === 'visit') {
      const location = this.location();
      if (location) body.location = location;
      if (objectId) body.evidence_object_id = objectId;
    }
    return body;
  }

  private evidence(photo: File | null): Observable<string | null> {
    if (!photo) return of(null);
    if (this.uploaded?.file === photo) return of(this.uploaded.objectId);
    const key = this.uploadSubmission.keyFor({ name: photo.name, size: photo.size, modified: photo.lastModified });
    return this.api.uploadFile(photo, EVIDENCE_BUCKET, key).pipe(
      map((stored) => {
        this.uploaded = { file: photo, objectId: stored.object_id };
        return stored.object_id;
      }),
      catchError((err: unknown) => {
        const problem = toProblem(err);
        if ([413, 415, 422].includes(problem.status)) {
          this.photoError.set(
            problem.status === 413
              ? this.t('crm.activities.photoTooLarge')
              : problem.status === 415
                ? this.t('crm.activities.photoNotImage')
                : (problem.detail ?? this.t('errors.unexpected')),
          );
        }
        throw err;
      }),
    );
  }

  private post(objectId: string | null): Observable<Activity> {
    const body = this.body(objectId);
    return this.api.createActivity(body, this.activitySubmission.keyFor(body));
  }

  private handleError(err: unknown): void {
    const problem = toProblem(err);
    if (this.photoError()) {
      this.formError.set(this.photoError());
      return;
    }
    if (problem.status === 422) {
      const c = this.form.controls;
      const placed = applyServerErrors(problem, {
        prospect_id: c.prospect,
        activity_type: c.activity_type,
        notes: c.notes,
        occurred_at: c.occurred_at,
      });
      const errors = problem.errors;
      const evidence = errors.find((e) => e.field === 'evidence_object_id');
      if (evidence) this.photoError.set(evidence.message);
      const location = errors.find((e) => e.field === 'location' || e.field.startsWith('location.'));
      if (location) this.locationError.set(location.message);
      this.formError.set(placed || evidence || location ? this.t('crm.activities.checkFields') : (problem.detail ?? this.t('errors.unexpected')));
      return;
    }
    if (problem.status === 409) {
      this.formError.set(problem.detail ?? this.t('crm.newLead.inFlight'));
      return;
    }
    this.formError.set(this.t('crm.activities.retrySafe'));
  }

  private resetAfterSave(): void {
    const prospect = this.form.controls.prospect.value;
    const value = { prospect, activity_type: this.type() ?? 'call', notes: '', occurred_at: '' };
    const directive = this.formDirective();
    if (directive) directive.resetForm(value);
    else this.form.reset(value);
    this.removePhoto();
    this.uploaded = null;
    this.location.set(null);
    this.geoError.set(null);
    this.locationError.set(null);
  }

  private prefillFromUrl(): void {
    const params = this.route.snapshot.queryParamMap;
    const prospectId = params.get('prospect_id');
    const customerId = params.get('customer_id');
    if (!prospectId) return;
    const lookup = customerId
      ? this.api.listProspects({ customer_id: customerId }, { limit: 200 })
      : this.api.searchProspects(prospectId, 10);
    lookup.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (page) => {
        const match = page.items.find((p) => p.prospect_id === prospectId);
        if (match && !this.selectedProspect()) this.form.controls.prospect.setValue(match);
      },
      error: () => undefined,
    });
  }

  private revokePhotoUrl(): void {
    const url = this.photoUrl();
    if (url && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url);
    this.photoUrl.set(null);
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.transloco.translate(key, params);
  }
}
