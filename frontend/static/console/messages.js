// @ts-check
// The outbox: what Neuvo has sent and will send; failed messages need a person.
import { el } from "../dom.js";
import { refocus, row, select, table } from "./widgets.js";

const FILTERS = ["", "failed", "undeliverable", "pending", "sent"];

/** @type {import("./tabs.js").Tab} */
export default {
  id: "messages",
  roles: ["admin", "operator"],
  strings: {
    fi: { title: "Viestit", hint: "Mitä Neuvo on lähettänyt ja lähettää. Ilman tekstiviestipalvelua tai postipalvelinta viestit jäävät tänne: lue ne asiakkaalle puhelimessa tarvittaessa. Epäonnistuneet vaativat ihmisen: tarkista numero ja lähetä uudelleen.", show: "Näytä", all: "kaikki", due: "Ajankohta", message: "Viesti", to: "Vastaanottaja", status: "Tila", text: "Teksti", action: "Toiminto", again: "Lähetä uudelleen", queued: "Viesti on jonossa uudelleen.", empty: "Ei viestejä.", link: "linkki", k_confirmation: "vahvistus", k_reminder: "muistutus", k_moved: "siirto", k_cancelled: "peruutus", k_interpreter_offer: "tulkkitarjous", k_offer_withdrawn: "tarjous peruttu" },
    sv: { title: "Meddelanden", hint: "Vad Neuvo har skickat och kommer att skicka. Utan sms-tjänst eller e-postserver stannar meddelandena här: läs dem för klienten i telefon vid behov. Misslyckade kräver en person: kontrollera numret och skicka igen.", show: "Visa", all: "alla", due: "Tidpunkt", message: "Meddelande", to: "Mottagare", status: "Status", text: "Text", action: "Åtgärd", again: "Skicka igen", queued: "Meddelandet står i kö igen.", empty: "Inga meddelanden.", link: "länk", k_confirmation: "bekräftelse", k_reminder: "påminnelse", k_moved: "flyttad", k_cancelled: "avbokning", k_interpreter_offer: "tolkerbjudande", k_offer_withdrawn: "erbjudande återkallat" },
    en: { title: "Messages", hint: "What Neuvo has sent and will send. Without an SMS gateway or a mail server configured, messages stay here: read them to the client by phone if needed. Failed ones need a person: check the number, then send again.", show: "Show", all: "all", due: "Due", message: "Message", to: "To", status: "Status", text: "Text", action: "Action", again: "Send again", queued: "The message is queued again.", empty: "No messages.", link: "link", k_confirmation: "confirmation", k_reminder: "reminder", k_moved: "moved", k_cancelled: "cancelled", k_interpreter_offer: "interpreter offer", k_offer_withdrawn: "offer withdrawn" },
  },
  async render(panel, { api, t, fmt, notify, report }) {
    const filter = select("status", FILTERS.map((value) => [value, value ? t(`st_${value}`) : t("all")]),
      { id: "message-filter", "data-testid": "message-filter" });
    const view = table("messages", [t("due"), t("message"), t("to"), t("status"), t("text"), t("action")]);
    panel.append(el("p", { class: "hint" }, t("hint")),
      el("div", { class: "toolbar" }, el("label", { for: "message-filter" }, t("show")), filter), view.box);
    filter.addEventListener("change", () => load());
    async function load() {
      const query = filter.value ? `?status=${encodeURIComponent(filter.value)}` : "";
      const messages = await api("GET", `/api/v1/messages${query}`).catch((error) => { report(error); return null; });
      if (!messages) return;
      view.fill(messages.map((message) => {
        const action = el("td");
        if (message.status === "failed" || message.status === "undeliverable") {
          const again = el("button", { type: "button", "data-testid": `send-again-${message.id}` }, t("again"));
          again.addEventListener("click", async () => {
            again.disabled = true;
            try {
              await api("POST", `/api/v1/messages/${message.id}/send-again`);
              notify(t("queued"));
              await load();
              refocus(panel, '[data-testid^="send-again-"]');
            } catch (error) {
              report(error);
              again.disabled = false;
            }
          });
          action.append(again);
        }
        const status = message.last_error ? `${t(`st_${message.status}`)}: ${message.last_error}` : t(`st_${message.status}`);
        const text = message.fallback ? `${message.text ?? ""} [${message.fallback}]` : message.text;
        return row({ "data-testid": `message-${message.id}`, class: `message-${message.status}` },
          fmt.dateTime(message.due_at), `${t(`k_${message.kind}`)} (${message.channel}, ${message.language})`,
          message.recipient, status, text, action);
      }), t("empty"));
    }
    await load();
  },
};
