import { InjectionToken } from '@angular/core';

import type { ActivityType, GeoLocation } from '../shared/crm.models';

/** What a visit still needs before it can be sent (domain.md: a visit requires photo + GPS). */
export type VisitRequirement = 'photo' | 'location';

export function missingForActivity(
  type: ActivityType | null,
  photo: Blob | null,
  location: GeoLocation | null,
): VisitRequirement[] {
  if (type !== 'visit') {
    return [];
  }
  const missing: VisitRequirement[] = [];
  if (!photo) missing.push('photo');
  if (!location) missing.push('location');
  return missing;
}

/** A fix worse than this is flagged (indoors, Wi-Fi only): the user may retry outdoors. */
export const LOW_ACCURACY_M = 100;

/** Why "Use my location" failed, as shown to the user (`crm.activities.geo.<reason>`). */
export type GeoFailure = 'unsupported' | 'insecure' | 'denied' | 'unavailable' | 'timeout';

export function geoFailureOf(error: GeolocationPositionError | { code: number }): GeoFailure {
  switch (error.code) {
    case 1:
      return 'denied';
    case 3:
      return 'timeout';
    default:
      return 'unavailable';
  }
}

export function toGeoLocation(position: GeolocationPosition): GeoLocation {
  const { latitude, longitude, accuracy } = position.coords;
  const location: GeoLocation = {
    lat: Math.round(latitude * 1e6) / 1e6,
    lng: Math.round(longitude * 1e6) / 1e6,
  };
  if (Number.isFinite(accuracy)) {
    location.accuracy_m = Math.round(accuracy * 10) / 10;
  }
  return location;
}

/** The browser's geolocation (null where there is none); a token so tests can fake it. */
export const GEOLOCATION = new InjectionToken<Geolocation | null>('GEOLOCATION', {
  providedIn: 'root',
  factory: () => (typeof navigator !== 'undefined' && 'geolocation' in navigator ? navigator.geolocation : null),
});

/** Whether the page runs in a secure context (geolocation and the camera need HTTPS). */
export const SECURE_CONTEXT = new InjectionToken<boolean>('SECURE_CONTEXT', {
  providedIn: 'root',
  factory: () => (typeof window === 'undefined' ? true : window.isSecureContext !== false),
});

export const GEO_OPTIONS: PositionOptions = { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 };
