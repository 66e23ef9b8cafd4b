import { hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import { canReadNationally, hasRole, isNationalAdmin, type Principal } from '../../platform/principal.ts';

/**
 * Who may do what with national surveys. Deny by default:
 *  - templates, windows and "Issue now": national administrators change them, analysts read them;
 *  - completion of a year: the national team (every hub) and hub leadership (their hubs);
 *  - one activity's completion and its list to chase: who may see the activity (its hub's leadership,
 *    the national team, the LLMEs who lead it); reminders: who may take its registers;
 *  - answering: the person invited, by their own link (signed in or not) or from "Your surveys".
 */
export const canManageSurveys = (p: Principal | null) => isNationalAdmin(p);
export const canReadSurveyTemplates = (p: Principal | null) => canReadNationally(p);
export const canViewSurveyCompletion = (p: Principal | null) => hasHubScope(hubScopeOf(p));
export const canOpenActivitySurveys = (p: Principal | null) =>
  hasHubScope(hubScopeOf(p)) || hasRole(p, 'llme');
export const canRemindSurveys = (p: Principal | null) =>
  isNationalAdmin(p) || hasRole(p, 'hub_leadership', 'llme');
