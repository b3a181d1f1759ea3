// @ts-check
// The first-run path: an admin whose organisation cannot yet take a booking is told the next
// step, in order (a service, an agreement that gives it to a municipality, staff who serve,
// their weekly hours), with a button to the tab where it is done. Asked again each time a tab
// is shown, until the first client can book; then it says nothing more.
import { $, el } from "../dom.js";
import { translator } from "./i18n.js";

const STRINGS = {
  fi: { heading: "Seuraava askel ({n}/4)", service: "Lisää palvelu, jota organisaatiosi tarjoaa.", agreement: "Lisää sopimus: mille kunnille palvelu annetaan. Ilman sitä asiakas ei voi varata.", staff: "Lisää neuvoja tai vertaisohjaaja, joka palvelee asiakkaita.", hours: "Anna neuvojalle viikoittaiset aukioloajat, jotta asiakkaat näkevät vapaita aikoja.",
    go_service: "Siirry: Palvelut", go_agreement: "Siirry: Sopimukset", go_staff: "Siirry: Henkilöstö", go_hours: "Siirry: Aukioloajat" },
  sv: { heading: "Nästa steg ({n}/4)", service: "Lägg till en tjänst som din organisation erbjuder.", agreement: "Lägg till ett avtal: vilka kommuner tjänsten ges till. Utan det kan ingen klient boka.", staff: "Lägg till en rådgivare eller kamratvägledare som betjänar klienterna.", hours: "Ge rådgivaren öppettider för veckan så att klienterna ser lediga tider.",
    go_service: "Gå till: Tjänster", go_agreement: "Gå till: Avtal", go_staff: "Gå till: Personal", go_hours: "Gå till: Öppettider" },
  en: { heading: "Next step ({n} of 4)", service: "Add a service your organisation offers.", agreement: "Add an agreement: which municipalities the service is given to. Without one no client can book.", staff: "Add an advisor or a peer counsellor who serves clients.", hours: "Give the advisor weekly opening hours so that clients see free times.",
    go_service: "Go to: Services", go_agreement: "Go to: Agreements", go_staff: "Go to: Staff", go_hours: "Go to: Hours" },
};
const STEPS = ["service", "agreement", "staff", "hours"];
const TABS = { service: "services", agreement: "agreements", staff: "staff", hours: "hours" };
const SERVING = ["advisor", "peer_counsellor"];

/** The first step the organisation has not taken, or null when a client can book. An
 * organisation that serves another's service by agreement needs no service of its own. */
async function pending(api, me) {
  const org = me.organisation_id;
  const [services, agreements] = await Promise.all([
    api("GET", `/api/v1/services?include_inactive=true&organisation_id=${org}`), api("GET", "/api/v1/agreements"),
  ]);
  const ownAgreements = agreements.filter((a) => a.organisation_id === org);
  if (!services.some((s) => s.active) && !ownAgreements.length) return "service";
  if (!ownAgreements.length && !services.some((s) => s.bookable)) return "agreement";
  const staff = await api("GET", "/api/v1/staff");
  const serving = staff.filter((p) => p.active && p.roles.some((role) => SERVING.includes(role)));
  if (!serving.length) return "staff";
  for (const person of serving) {
    const hours = await api("GET", `/api/v1/staff/${person.id}/availability`);
    if (hours.rules.length) return null;
  }
  return "hours";
}

/**
 * Put the guide before `panels` (once) and return what refreshes it.
 * @param {HTMLElement} panels
 * @param {{ api: typeof import("../http.js").api, me: import("./tabs.js").Me, lang: string, select: (id: string) => void }} options
 * @returns {() => Promise<void>}
 */
export function guide(panels, { api, me, lang, select }) {
  $("next-step")?.remove();
  if (!me.roles.includes("admin")) return async () => {};
  const t = translator(lang, STRINGS);
  const box = el("aside", { id: "next-step", class: "notice", "data-testid": "next-step", "aria-labelledby": "next-step-heading", hidden: true });
  panels.before(box);
  let done = false;
  return async () => {
    if (done) return;
    const step = await pending(api, me).catch(() => null);
    done = step === null;
    box.hidden = done;
    if (done) return box.replaceChildren();
    box.dataset.step = step;
    box.replaceChildren(
      el("h2", { id: "next-step-heading" }, t("heading", { n: STEPS.indexOf(step) + 1 })),
      el("p", {}, t(step)),
      el("button", { type: "button", "data-testid": "next-step-go", onclick: () => select(TABS[step]) }, t(`go_${step}`)));
  };
}
