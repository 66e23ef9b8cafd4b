// The tables of HAPPI (Hub Activity Plan, Progress and Impact) forms (filled in by the work on issue 15).
export {};
