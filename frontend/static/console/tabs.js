// The console's tabs in order; each id is the module ./<id>.js (see /work/CONSOLE-TABS.md).
// The first one a staff member's roles allow is the one they land on.
export default [
  "caller",
  "sessions",
  "offers",
  "hours",
  "profile",
  "messages",
  "campaigns",
  "recordings",
  "services",
  "staff",
  "agreements",
  "municipalities",
];
