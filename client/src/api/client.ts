import type { Me } from '@dockwatch/shared';
import { computed, signal } from '@preact/signals';
import { forgetToken, rememberSession } from '../session';
import { RestClient } from './rest';

/** A bearer token (wall-screen link or staff token); null when signed in with the session cookie. */
export const token = signal<string | null>(null);
/** Who is signed in, once the server has said so. */
export const me = signal<Me | null>(null);
/** Whether to offer the clerk's steps and the planner's acknowledgement (the server decides either way). */
export const mayRecordSteps = computed(() => ['admin', 'planner', 'clerk'].includes(me.value?.role ?? ''));
/** Roles that may write on a shipment's conversation (the policy's message:write): plant staff and the load's partners. */
export const mayMessage = computed(() => ['admin', 'planner', 'clerk', 'carrier', 'supplier'].includes(me.value?.role ?? ''));
/** Board roles that may issue a driver link for a load (carriers issue theirs through the API). */
export const mayIssueDriverLinks = computed(() => ['admin', 'planner', 'clerk'].includes(me.value?.role ?? ''));
/** A carrier's dispatcher puts its own trucks on its loads from the portal (the server decides either way). */
export const mayDispatchTrucks = computed(() => me.value?.role === 'carrier');
export const mayAcknowledge = computed(() => ['admin', 'planner'].includes(me.value?.role ?? ''));
/** Who may add and change materials, count stock and import files (the server decides either way). */
export const mayEditMaterials = computed(() => ['admin', 'planner'].includes(me.value?.role ?? ''));
/** Why the sign-in screen is showing, if there is a reason. */
export const signInProblem = signal<string | null>(null);

/** The one REST client of the page: the bearer token when there is one, the session cookie otherwise. */
export const api = new RestClient(() => token.value);

/** The credentials stopped working: back to the sign-in screen with the reason. */
export function endSession(message: string | null): void {
  forgetToken();
  rememberSession(false);
  token.value = null;
  me.value = null;
  signInProblem.value = message;
}
