// The console's tabs in order; each id is the module ./<id>.js, which exports {id, roles, strings
// (fi, sv, en), render(panel, ctx)}; shell.js loads them and draws the tab bar.
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
