// @ts-check
// The Campaigns tab (outreach): make a campaign, upload a register file and read the report
// of rows left out, ask for the letters (laid out by a job; followed here to their download),
// queue the SMS, read and export the funnel;
// its texts (campaign-texts.js) and "do not contact" (campaign-people.js) are sections of it.
// Written to the tab interface of CONSOLE-TABS.md: export default { id, roles, strings, render }.
import { peopleSection, strings as peopleStrings } from "./campaign-people.js";
import { textsSection, strings as textStrings } from "./campaign-texts.js";
import { el } from "../dom.js";
import { sendRaw as raw } from "../http.js";
import { chosenLine } from "./widgets.js";
import { languageName, placeName } from "./names.js";

const STAGES = ["imported", "letters", "sms", "opened", "booked", "attended", "sms_bounced"];

/**
 * Hand `blob` to the browser as a download named `name`.
 * @param {Blob} blob
 * @param {string} name
 */
function save(blob, name) {
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}

/** One string table from several, language by language. */
const merged = (...tables) => Object.fromEntries(["fi", "sv", "en"].map((lang) =>
  [lang, Object.assign({}, ...tables.map((table) => table[lang]))]));

/** @type {import("./tabs.js").Tab} */
export default {
  id: "campaigns",
  roles: ["admin", "operator"],
  strings: merged(textStrings, peopleStrings, {
    fi: {
      title: "Kampanjat", campaign: "Kampanja", none: "Ei kampanjoita vielä.",
      upload: "Tuo muuttotiedosto (CSV)", mapping: "Sarakkeiden kuvaus (valinnainen, TOML)",
      import: "Tuo", imported: "Tuotu {n} / {rows} riviä.", rejected: "Hylätyt rivit",
      line: "Rivi", reason: "Syy", letters: "Tulosta kirjeet (PDF)", lettersDone: "{n} kirjettä.",
      lettersQueued: "Kirjeet ovat jonossa…", lettersPrinting: "Taitetaan {n} kirjettä…",
      lettersReady: "Lataa {n} kirjettä (PDF)", lettersFailed: "Kirjeiden taitto epäonnistui: {error}",
      sms: "Lähetä tekstiviestit", smsDone: "{n} tekstiviestiä jonossa.", funnel: "Eteneminen",
      csv: "Lataa CSV", language: "Kieli", newName: "Uuden kampanjan nimi", create: "Luo",
      service: "Palvelu", municipalities: "Kunnat", chosen: "Valittu: {list}", chooseSome: "Valitse yksi tai useampi kunta.", from: "Alkaa", to: "Päättyy",
      all: "Kaikki", st_imported: "Tuotu", st_letters: "Kirje", st_sms: "Tekstiviesti", st_opened: "Avasi linkin",
      st_booked: "Varasi", st_attended: "Osallistui", st_sms_bounced: "Viesti ei mennyt perille",
    },
    sv: {
      title: "Kampanjer", campaign: "Kampanj", none: "Inga kampanjer ännu.",
      upload: "Importera flyttfil (CSV)", mapping: "Beskrivning av kolumner (valfri, TOML)",
      import: "Importera", imported: "{n} av {rows} rader importerade.", rejected: "Avvisade rader",
      line: "Rad", reason: "Orsak", letters: "Skriv ut breven (PDF)", lettersDone: "{n} brev.",
      lettersQueued: "Breven står i kö…", lettersPrinting: "{n} brev ombryts…",
      lettersReady: "Ladda ner {n} brev (PDF)", lettersFailed: "Breven kunde inte ombrytas: {error}",
      sms: "Skicka sms", smsDone: "{n} sms i kö.", funnel: "Förlopp",
      csv: "Ladda ner CSV", language: "Språk", newName: "Den nya kampanjens namn", create: "Skapa",
      service: "Tjänst", municipalities: "Kommuner", chosen: "Valda: {list}", chooseSome: "Välj en eller flera kommuner.", from: "Börjar", to: "Slutar",
      all: "Alla", st_imported: "Importerade", st_letters: "Brev", st_sms: "Sms", st_opened: "Öppnade länken",
      st_booked: "Bokade", st_attended: "Deltog", st_sms_bounced: "Sms kom inte fram",
    },
    en: {
      title: "Campaigns", campaign: "Campaign", none: "No campaigns yet.",
      upload: "Import a register file (CSV)", mapping: "Column mapping (optional, TOML)",
      import: "Import", imported: "{n} of {rows} rows imported.", rejected: "Rejected rows",
      line: "Line", reason: "Reason", letters: "Print the letters (PDF)", lettersDone: "{n} letters.",
      lettersQueued: "The letters are queued…", lettersPrinting: "Laying out {n} letters…",
      lettersReady: "Download {n} letters (PDF)", lettersFailed: "The letters could not be laid out: {error}",
      sms: "Send the SMS", smsDone: "{n} SMS queued.", funnel: "Funnel",
      csv: "Download CSV", language: "Language", newName: "New campaign's name", create: "Create",
      service: "Service", municipalities: "Municipalities", chosen: "Chosen: {list}", chooseSome: "Choose one or more municipalities.", from: "Starts", to: "Ends",
      all: "All", st_imported: "Imported", st_letters: "Letter", st_sms: "SMS", st_opened: "Opened the link",
      st_booked: "Booked", st_attended: "Attended", st_sms_bounced: "SMS bounced",
    },
  }),

  async render(panel, ctx) {
    const { api, t, notify, me } = ctx;
    const isAdmin = me.roles.includes("admin");
    const list = el("div");
    const detail = el("div");
    panel.replaceChildren(el("h2", {}, t("title")), list, detail);

    const table = (head, rows) => el("div", { class: "scroll" },
      el("table", {},
        el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, String(c))))))));
    // A label above its field, as on the other tabs' forms.
    const field = (text, input) => el("label", { class: "field" }, el("span", {}, text), input);

    async function showFunnel(campaign, box) {
      const rows = await api("GET", `/api/v1/campaigns/${campaign.id}/funnel`);
      box.replaceChildren(
        el("h3", {}, t("funnel")),
        table([t("language"), ...STAGES.map((s) => t(`st_${s}`))],
          rows.map((row) => [row.language === "all" ? t("all") : `${languageName(row.language, ctx.lang)} (${row.language})`,
            ...STAGES.map((s) => row[s])])),
        el("button", { type: "button", onclick: async () => {
          const response = await raw("GET", `/api/v1/campaigns/${campaign.id}/funnel.csv`);
          save(await response.blob(), `funnel-${campaign.name}.csv`);
        } }, t("csv")));
    }

    function show(campaign) {
      const report = el("div", { "aria-live": "polite" });
      const funnelBox = el("div");
      const file = el("input", { type: "file", accept: ".csv,text/csv", "aria-label": t("upload") });
      const mapping = el("textarea", { rows: "3", "aria-label": t("mapping"), spellcheck: "false" });
      const actions = [];
      // A batch is laid out by a job: its state is told here (and read out), then its link.
      const letterState = el("p", { role: "status", "aria-live": "polite" });
      /** @param {{id: string, status: string, letters: number|null, error: string|null, download: string|null}} batch */
      async function followBatch(batch) {
        while (batch.status === "queued" || batch.status === "printing") {
          letterState.replaceChildren(batch.status === "queued"
            ? t("lettersQueued") : t("lettersPrinting", { n: batch.letters ?? "…" }));
          await new Promise((resolve) => setTimeout(resolve, 1000));
          batch = await api("GET", `/api/v1/campaigns/${campaign.id}/letters/${batch.id}`);
        }
        if (batch.status === "failed") {
          letterState.replaceChildren(t("lettersFailed", { error: batch.error ?? "" }));
          return;
        }
        const link = el("a", { href: batch.download ?? "", download: `letters-${campaign.name}.pdf` },
          t("lettersReady", { n: batch.letters ?? 0 }));
        letterState.replaceChildren(link);
        link.focus();
        notify(t("lettersDone", { n: batch.letters ?? 0 }));
        await showFunnel(campaign, funnelBox);
      }
      if (isAdmin) {
        actions.push(el("div", { class: "row2" }, field(t("upload"), file), field(t("mapping"), mapping)), el("div", { class: "actions" },
          el("button", { type: "button", onclick: async () => {
            if (!file.files[0]) return;
            const form = new FormData();
            form.append("file", file.files[0]);
            if (mapping.value.trim()) form.append("mapping", mapping.value);
            try {
              const result = await (await raw("POST", `/api/v1/campaigns/${campaign.id}/imports`, form)).json();
              report.replaceChildren(el("p", {}, t("imported", { n: result.imported, rows: result.rows })));
              if (result.rejected.length) {
                report.append(el("h3", {}, t("rejected")),
                  table([t("line"), t("reason")], result.rejected.map((r) => [r.line, r.reason])));
              }
              await showFunnel(campaign, funnelBox);
            } catch (error) { notify(error.message, true); }
          } }, t("import")),
          el("button", { type: "button", onclick: async () => {
            try {
              await followBatch(await api("POST", `/api/v1/campaigns/${campaign.id}/letters`));
            } catch (error) { notify(error.message, true); }
          } }, t("letters")),
          el("button", { type: "button", onclick: async () => {
            try {
              const result = await api("POST", `/api/v1/campaigns/${campaign.id}/sms`);
              notify(t("smsDone", { n: result.queued }));
            } catch (error) { notify(error.message, true); }
          } }, t("sms"))));
      }
      const refresh = () => showFunnel(campaign, funnelBox).catch((error) => notify(error.message, true));
      // The heading takes the focus: a keyboard user goes on from the campaign just opened.
      const heading = el("h3", { tabindex: "-1" }, `${t("campaign")}: ${campaign.name}`);
      detail.replaceChildren(heading, ...actions, letterState, report, funnelBox,
        textsSection(ctx, campaign, isAdmin), peopleSection(ctx, campaign, refresh));
      heading.focus();
      showFunnel(campaign, funnelBox).catch((error) => notify(error.message, true));
    }

    const known = el("div");
    async function listCampaigns() {
      const campaigns = await api("GET", "/api/v1/campaigns");
      known.replaceChildren(campaigns.length
        ? el("ul", { class: "actions plain" }, ...campaigns.map((c) => el("li", {},
            el("button", { type: "button", onclick: () => show(c) }, `${c.name} (${c.sends_from} – ${c.ends_on})`))))
        : el("p", {}, t("none")));
    }
    await listCampaigns();
    list.replaceChildren(known);
    if (isAdmin) {
      const name = el("input", { "aria-label": t("newName") });
      const service = el("select", { "aria-label": t("service") });
      const [places, services] = await Promise.all([
        api("GET", "/api/v1/municipalities").catch(() => []),
        api("GET", `/api/v1/services?organisation_id=${me.organisation_id}`).catch(() => []),
      ]);
      const municipalities = el("select", { multiple: true, size: 6, id: "campaign-municipalities", "aria-label": t("municipalities") },
        places.map((m) => el("option", { value: m.code }, placeName(m, ctx.lang))));
      const chosen = chosenLine(municipalities, (names) => (names.length ? t("chosen", { list: names.join(", ") }) : t("chooseSome")));
      const from = el("input", { type: "date", "aria-label": t("from") });
      const to = el("input", { type: "date", "aria-label": t("to") });
      for (const s of services) service.append(el("option", { value: s.id }, s.names[ctx.lang] || s.slug));
      list.append(el("form", { class: "stack", onsubmit: async (event) => {
        event.preventDefault();
        try {
          const made = await api("POST", "/api/v1/campaigns", {
            name: name.value, service_id: service.value, sends_from: from.value, ends_on: to.value,
            municipality_codes: [...municipalities.selectedOptions].map((o) => o.value),
          });
          show(made);
          await listCampaigns(); // the new one is listed too
        } catch (error) { notify(error.message, true); }
      } }, el("div", { class: "row2" }, field(t("newName"), name), field(t("service"), service),
        el("div", {}, field(t("municipalities"), municipalities), chosen), field(t("from"), from), field(t("to"), to)),
      el("div", { class: "actions" }, el("button", { type: "submit", class: "primary" }, t("create")))));
    }
  },
};
