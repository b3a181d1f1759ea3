// Reads a JSON list of iCalendar texts on stdin and prints, for each, its events' UIDs, starts
// and ends in UTC as ical.js (Thunderbird's parser) reads them by each calendar's VTIMEZONEs.
import ICAL from "ical.js";

function instant(time) {
  return new Date(time.toUnixTime() * 1000).toISOString();
}

function read(text) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  }
  return calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, start: instant(event.startDate), end: instant(event.endDate) };
  });
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map(read)));
});
