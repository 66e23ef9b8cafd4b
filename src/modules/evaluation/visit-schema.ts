// The tables of records of visits to schools and their coverage (filled in by the work on issue 15).
export {};
