// @ts-check
// The clients' answers after their sessions (three faces), counted per service, language and
// way of meeting, for the organisation's admins. Counts from 1 to 4 read "<5" to anyone
// outside the organisation (the API decides), as the campaign funnel does.
import { el } from "../dom.js";
import { row, table } from "./widgets.js";
import { languageName, serviceName } from "./names.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "feedback",
  roles: ["admin"],
  strings: {
    fi: { title: "Palaute", hint: "Asiakkaat vastaavat tapaamisen jälkeen yhdellä kolmesta kasvosta. Heiltä kysytään tekstiviestillä kerran, kun tapaaminen on merkitty pidetyksi. Alle viiden määrät näkyvät organisaation ulkopuolella muodossa <5.", service: "Palvelu", language: "Kieli", channel: "Tapa", good: "Hyvä", okay: "Kohtalainen", bad: "Huono", answers: "Vastauksia", empty: "Ei vastauksia vielä.", ch_video: "video", ch_phone: "puhelin", ch_in_person: "paikan päällä" },
    sv: { title: "Respons", hint: "Klienterna svarar efter mötet med ett av tre ansikten. De får frågan en gång per sms när mötet har markerats som genomfört. Antal under fem visas som <5 utanför organisationen.", service: "Tjänst", language: "Språk", channel: "Sätt", good: "Bra", okay: "Okej", bad: "Dåligt", answers: "Svar", empty: "Inga svar ännu.", ch_video: "video", ch_phone: "telefon", ch_in_person: "på plats" },
    en: { title: "Feedback", hint: "Clients answer after their session with one of three faces. They are asked once by SMS when the session is marked completed. Counts under five show as <5 outside the organisation.", service: "Service", language: "Language", channel: "Way", good: "Good", okay: "Okay", bad: "Bad", answers: "Answers", empty: "No answers yet.", ch_video: "video", ch_phone: "phone", ch_in_person: "in person" },
  },
  async render(panel, { api, t, lang, report }) {
    const view = table("feedback-counts", [t("service"), t("language"), t("channel"), t("good"), t("okay"), t("bad"), t("answers")]);
    panel.append(el("p", { class: "hint" }, t("hint")), view.box);
    const counts = await api("GET", "/api/v1/feedback/counts").catch((error) => { report(error); return null; });
    if (!counts) return;
    view.fill(counts.map((/** @type {any} */ found) => row(
      { "data-testid": "feedback-row", "data-language": found.language, "data-channel": found.channel },
      serviceName({ names: found.service_names }, lang), languageName(found.language, lang), t(`ch_${found.channel}`),
      String(found.good), String(found.okay), String(found.bad),
      el("td", { "data-testid": "feedback-answers" }, String(found.answers)),
    )), t("empty"));
  },
};
