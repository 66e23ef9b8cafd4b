/**
 * @deprecated The one hub scope condition is `hubScopeCondition` in platform/hub-scope.ts; this
 * re-export remains only until the event log's query (list-events.ts) imports it from there.
 */
export { hubScopeCondition } from '../../platform/hub-scope.ts';
