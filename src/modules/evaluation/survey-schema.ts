// The tables of national surveys: templates, issuing, answers, completion, before/after (filled in by the work on issue 15).
export {};
