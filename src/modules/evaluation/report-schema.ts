// The tables of evaluation reports (evidence into practice), implications as actions (filled in by the work on issue 15).
export {};
