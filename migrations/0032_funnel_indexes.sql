-- The programme funnels look up the enrolment that continues another, and a person's merged records:
-- without these, each row of a funnel read every enrolment (minutes for the national funnels).
CREATE INDEX "enrolments_continues_idx" ON "enrolments" USING btree ("continues_enrolment_id");--> statement-breakpoint
CREATE INDEX "people_merged_into_idx" ON "people" USING btree ("merged_into_person_id");
