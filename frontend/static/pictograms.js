// @ts-check
// Which pictogram stands for a service: the one function the booking flow (client.js and its
// summary) and the booking page (booking.js) both use, so a client sees the same picture from
// choosing a service to the page of their booking.

// Slugs are chosen by each organisation, in Finnish, Swedish or English: match on word stems.
/** @type {[string, RegExp][]} */
const SERVICE_ICONS = [
  ["people", /peer|vertais|kamrat/],
  ["clipboard", /assess|arvio|kartoitus|kartläggning|bedömning/],
  ["document", /plan|suunnitelm/],
  ["bubbles", /guid|advice|advis|counsel|neuvon|ohjaus|rådgivning|v[äa]gledning/],
];

/**
 * The pictogram of a service: peer guidance shows people, else the first stem its slug holds.
 * @param {{ peer_guidance?: boolean, slug?: string }} service
 * @returns {string}
 */
export function serviceIcon(service) {
  if (service.peer_guidance) return "people";
  const slug = service.slug ?? "";
  return SERVICE_ICONS.find(([, pattern]) => pattern.test(slug))?.[0] ?? "generic";
}
