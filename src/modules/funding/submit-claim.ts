import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { type ClaimForm, claimForm } from './claim-forms.ts';
import { claimRoleNames } from './grant-rules.ts';
import { parsePounds } from './money.ts';
import { rulesForYear } from './rules-for-year.ts';
import { fundingClaims } from './schema.ts';

/** A claim to submit: the hub, the year and who submits it, with the fields as typed into the form. */
export type SubmitClaimInput = {
  hubId: number;
  yearCode: string;
  personId: number | null;
} & { [K in keyof ClaimForm]?: unknown };

/**
 * A hub's claim on the Maths Hubs Network Fund: days at the day rate its NCP's rules give for the role
 * (PCT £400, Cohort Lead £350 in 2019/20), or travel where the rules say travel is claimable.
 */
export async function submitClaim(
  db: Database,
  actor: Actor,
  input: SubmitClaimInput,
): Promise<{ id: number; amountPence: number }> {
  const parsed = claimForm.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const form = parsed.data;
  const rules = (await rulesForYear(db, input.yearCode)).get(form.ncpCode);
  if (!rules) throw new ValidationError([{ field: 'ncpCode', message: 'Choose a project from the list' }]);
  let ratePence: number | null = null;
  let amountPence: number;
  if (form.kind === 'day_rate') {
    const rate = rules.find((r) => r.kind === 'day_rate' && r.role === form.role);
    if (rate?.kind !== 'day_rate')
      throw new ValidationError([
        {
          field: 'role',
          message: `${form.ncpCode} pays no day rate for a ${claimRoleNames[form.role!]}`,
        },
      ]);
    ratePence = rate.ratePence;
    amountPence = rate.ratePence * form.days!;
  } else {
    if (!rules.some((r) => r.kind === 'travel_claimable'))
      throw new ValidationError([{ field: 'kind', message: `Travel cannot be claimed for ${form.ncpCode}` }]);
    amountPence = parsePounds(form.amount!)!;
  }
  return db.transaction(async (tx) => {
    const [claim] = await tx
      .insert(fundingClaims)
      .values({
        hubId: input.hubId,
        yearCode: input.yearCode,
        ncpCode: form.ncpCode,
        kind: form.kind,
        role: form.kind === 'day_rate' ? form.role! : null,
        claimantName: form.claimantName,
        days: form.kind === 'day_rate' ? form.days! : null,
        ratePence,
        amountPence,
        description: form.description,
        submittedByPersonId: input.personId,
      })
      .returning();
    await recordEvent(tx, actor, {
      action: 'funding.claim_submitted',
      subjectType: 'funding_claim',
      subjectId: claim!.id,
      hubId: input.hubId,
      changes: { status: [null, 'submitted'], amountPence, ncpCode: form.ncpCode, kind: form.kind },
    });
    return { id: claim!.id, amountPence };
  });
}
