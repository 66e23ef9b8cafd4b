import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { academicYearParam, ncpCodeParam } from '../../platform/params.ts';
import { academicYearSchema, yearFromSlug } from './catalogue-file.ts';

/** The addresses' parameters: a year (`2023-24`) and an NCP of it. */
export const yearParams = z.object({ year: academicYearParam });
export const ncpParams = yearParams.extend({ code: ncpCodeParam });

/** The academic year of an address (`2023-24`), or 404. */
export function yearOf(slug: string): string {
  const year = yearFromSlug(slug);
  if (!/^\d{4}-\d{2}$/.test(slug) || !academicYearSchema.safeParse(year).success)
    throw new NotFoundError('There is no such academic year');
  return year;
}
