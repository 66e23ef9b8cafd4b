-- The event log refers to people by id only (issue 11). Rows written before this kept the actor as
-- "Name (email)" and, for some actions, names, email addresses or requirements in their details, so
-- erasing a person could not erase them from the log. This moves each actor to their person id (found
-- by the email address in the label) and removes names and email addresses from existing rows; the
-- names are looked up from `people` when the log is shown. Imports of the school register and closed
-- grant statements, which kept the same label, are treated the same way.
ALTER TABLE "register_imports" ADD COLUMN "actor_person_id" integer;
--> statement-breakpoint
UPDATE events e SET actor_person_id = p.id
FROM people p
WHERE e.actor_person_id IS NULL
  AND lower(p.email) = lower(substring(e.actor_label from '\(([^()]*@[^()]*)\)\s*$'));
--> statement-breakpoint
UPDATE events SET actor_label = 'person:' || actor_person_id
WHERE actor_person_id IS NOT NULL AND actor_label IS DISTINCT FROM 'person:' || actor_person_id;
--> statement-breakpoint
UPDATE events SET actor_label = 'A person no longer on the platform'
WHERE actor_person_id IS NULL AND actor_label ~ '@';
--> statement-breakpoint
-- Names and email addresses of the people a change was about (created, merged, mentors), and
-- requirements, wherever an older version of the platform logged them.
UPDATE events
SET changes = changes - 'email' - 'givenName' - 'familyName' - 'mergedPerson' - 'mentorName' - 'mentorEmail'
WHERE changes ?| array['email', 'givenName', 'familyName', 'mergedPerson', 'mentorName', 'mentorEmail'];
--> statement-breakpoint
UPDATE events SET changes = changes - 'dietary' - 'access' - 'otherRequirements'
WHERE action = 'event.requirements_saved' AND changes ?| array['dietary', 'access', 'otherRequirements'];
--> statement-breakpoint
-- Any email address left in details or reasons (the same pattern as recordEvent's safety net).
UPDATE events
SET changes = regexp_replace(changes::text, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '(email address not kept)', 'g')::jsonb
WHERE changes::text ~ '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}';
--> statement-breakpoint
UPDATE events
SET reason = regexp_replace(reason, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '(email address not kept)', 'g')
WHERE reason ~ '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}';
--> statement-breakpoint
UPDATE register_imports r SET actor_person_id = p.id
FROM people p
WHERE r.actor_person_id IS NULL
  AND lower(p.email) = lower(substring(r.actor_label from '\(([^()]*@[^()]*)\)\s*$'));
--> statement-breakpoint
UPDATE register_imports SET actor_label = 'person:' || actor_person_id
WHERE actor_person_id IS NOT NULL AND actor_label IS DISTINCT FROM 'person:' || actor_person_id;
--> statement-breakpoint
UPDATE register_imports SET actor_label = 'A person no longer on the platform'
WHERE actor_person_id IS NULL AND actor_label ~ '@';
--> statement-breakpoint
-- A closed statement refuses every change (0003's trigger); who closed it is not its content, so the
-- trigger is set aside for this one column's scrub.
ALTER TABLE grant_statements DISABLE TRIGGER grant_statements_frozen;
--> statement-breakpoint
UPDATE grant_statements g SET closed_by = 'person:' || p.id
FROM people p
WHERE lower(p.email) = lower(substring(g.closed_by from '\(([^()]*@[^()]*)\)\s*$'));
--> statement-breakpoint
UPDATE grant_statements SET closed_by = 'A person no longer on the platform' WHERE closed_by ~ '@';
--> statement-breakpoint
ALTER TABLE grant_statements ENABLE TRIGGER grant_statements_frozen;
