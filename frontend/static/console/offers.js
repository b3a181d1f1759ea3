// @ts-check
// Offers to an interpreter or a peer counsellor: the first to accept gets the session.
import { el } from "../dom.js";
import { refocus, row, table } from "./widgets.js";
import { languageName, serviceName } from "./names.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "offers",
  roles: ["interpreter", "peer_counsellor"],
  strings: {
    fi: { title: "Tarjoukset", hint: "Sinulle tarjotut tapaamiset. Ensimmäinen hyväksyjä saa tapaamisen; muiden tarjoukset perutaan.", when: "Aika", length: "Kesto", minutes: "{minutes} min", service: "Palvelu", who: "Organisaatio ja neuvoja", language: "Kieli", way: "Tapa", status: "Tila", answer: "Vastaus", accept: "Hyväksy", decline: "Hylkää", yours: "Tapaaminen on sinun.", declined: "Hylkäsit tarjouksen.", empty: "Ei tarjouksia." },
    sv: { title: "Erbjudanden", hint: "Möten som erbjuds dig. Den första som tackar ja får mötet; de andras erbjudanden återkallas.", when: "Tid", length: "Längd", minutes: "{minutes} min", service: "Tjänst", who: "Organisation och rådgivare", language: "Språk", way: "Sätt", status: "Status", answer: "Svar", accept: "Tacka ja", decline: "Tacka nej", yours: "Mötet är ditt.", declined: "Du tackade nej till erbjudandet.", empty: "Inga erbjudanden." },
    en: { title: "Offers", hint: "Sessions offered to you. The first interpreter to accept gets the session; the others' offers are withdrawn.", when: "When", length: "Length", minutes: "{minutes} min", service: "Service", who: "Organisation and advisor", language: "Language", way: "Way", status: "Status", answer: "Answer", accept: "Accept", decline: "Decline", yours: "The session is yours.", declined: "You declined the offer.", empty: "No offers." },
  },
  async render(panel, { api, t, lang, fmt, notify, report }) {
    const view = table("offers", [t("when"), t("length"), t("service"), t("language"), t("way"), t("who"), t("status"), t("answer")]);
    panel.append(el("p", { class: "hint" }, t("hint")), view.box);
    const answer = async (offer, verb, button) => {
      button.disabled = true;
      try {
        await api("POST", `/api/v1/offers/${offer.id}/${verb}`, verb === "decline" ? {} : undefined);
        notify(t(verb === "accept" ? "yours" : "declined"));
      } catch (error) {
        report(error); // 409: someone else was first, or the offer has closed
      }
      await load();
      refocus(panel, '[data-testid^="accept-"]');
    };
    async function load() {
      const offers = await api("GET", "/api/v1/offers").catch((error) => { report(error); return null; });
      if (!offers) return;
      view.fill(offers.map((offer) => {
        const actions = el("td");
        if (offer.status === "open") {
          for (const verb of ["accept", "decline"]) {
            const button = el("button", { type: "button", "data-testid": `${verb}-${offer.id}` }, t(verb));
            button.addEventListener("click", () => answer(offer, verb, button));
            actions.append(button);
          }
        }
        // One row per session: a moved session shows its new time here, not a second row.
        return row({ "data-testid": `offer-${offer.id}`, "data-language": offer.language, "data-booking": offer.booking_id },
          fmt.dateTime(offer.starts_at), t("minutes", { minutes: offer.minutes }),
          serviceName({ names: offer.service_names }, lang), `${languageName(offer.language, lang)} (${offer.language})`,
          t(`ch_${offer.channel}`), `${offer.organisation} · ${offer.advisor}`, t(`st_${offer.status}`), actions);
      }), t("empty"));
    }
    await load();
  },
};
