import { isNationalAdmin, type Principal } from '../../platform/principal.ts';

/**
 * Who may do what with the catalogue of NCPs. The catalogue is national and not confidential: every
 * signed-in person may read it (hub staff and LLMEs plan their work from it), and the JSON API is
 * public. Only national administrators change it (load, copy forward, edit). There are no hub
 * records here, so there is no record-level rule beyond that.
 */
export const canReadCatalogue = (principal: Principal | null) => principal !== null;

export const canChangeCatalogue = (principal: Principal | null) => isNationalAdmin(principal);
