// @ts-check
// The outbox: what Neuvo has sent and will send; failed messages need a person.
import { el } from "../dom.js";
import { refocus, row, select, table } from "./widgets.js";

const FILTERS = ["", "failed", "undeliverable", "not_sent", "pending", "sent"];
const AGAIN = ["failed", "undeliverable", "not_sent"];

/**
 * What became of a message, in the reader's words: "not sent: no SMS gateway configured"
 * (never "sent" for one that never left), or the status with the provider's reason.
 * @param {import("./tabs.js").Translate} t
 * @param {{ status: string, channel: string, last_error?: string | null }} message
 */
export function messageState(t, message) {
  if (message.status === "not_sent") return t(message.channel === "email" ? "notSentEmail" : "notSentSms");
  return message.last_error ? `${t(`st_${message.status}`)}: ${message.last_error}` : t(`st_${message.status}`);
}

/** @type {import("./tabs.js").Tab} */
export default {
  id: "messages",
  roles: ["admin", "operator"],
  strings: {
    fi: { title: "Viestit", hint: "Mitä Neuvo on lähettänyt ja lähettää. Ilman tekstiviestipalvelua tai postipalvelinta viestit jäävät tänne lähettämättä: lue asiakkaalle puhelimessa viesti ja linkin sijaan koodi, jonka hän näppäilee Neuvon etusivulla. Epäonnistuneet vaativat ihmisen: tarkista numero ja lähetä uudelleen.", code: "koodi", st_not_sent: "ei lähetetty", notSentSms: "ei lähetetty: tekstiviestipalvelua ei ole määritetty", notSentEmail: "ei lähetetty: postipalvelinta (SMTP) ei ole määritetty", show: "Näytä", all: "kaikki", due: "Ajankohta", message: "Viesti", to: "Vastaanottaja", status: "Tila", text: "Teksti", action: "Toiminto", again: "Lähetä uudelleen", queued: "Viesti on jonossa uudelleen.", empty: "Ei viestejä.", link: "linkki", k_confirmation: "vahvistus", k_reminder: "muistutus", k_moved: "siirto", k_cancelled: "peruutus", k_interpreter_offer: "tulkkitarjous", k_offer_withdrawn: "tarjous peruttu", k_invitation: "kutsu", k_interpreter_accepted: "tulkki vahvisti", k_staff_welcome: "tunnuksen kutsu", k_password_reset: "salasanan vaihto", k_feedback: "palautekysely", k_callback_missed: "emme tavoittaneet soittopyynnön esittäjää" },
    sv: { title: "Meddelanden", hint: "Vad Neuvo har skickat och kommer att skicka. Utan sms-tjänst eller e-postserver stannar meddelandena här oskickade: läs upp meddelandet för klienten i telefon, och i stället för länken koden som klienten slår in på Neuvos startsida. Misslyckade kräver en person: kontrollera numret och skicka igen.", code: "kod", st_not_sent: "inte skickat", notSentSms: "inte skickat: ingen sms-tjänst är konfigurerad", notSentEmail: "inte skickat: ingen e-postserver (SMTP) är konfigurerad", show: "Visa", all: "alla", due: "Tidpunkt", message: "Meddelande", to: "Mottagare", status: "Status", text: "Text", action: "Åtgärd", again: "Skicka igen", queued: "Meddelandet står i kö igen.", empty: "Inga meddelanden.", link: "länk", k_confirmation: "bekräftelse", k_reminder: "påminnelse", k_moved: "flyttad", k_cancelled: "avbokning", k_interpreter_offer: "tolkerbjudande", k_offer_withdrawn: "erbjudande återkallat", k_invitation: "inbjudan", k_interpreter_accepted: "tolken bekräftade", k_staff_welcome: "kontoinbjudan", k_password_reset: "nytt lösenord", k_feedback: "responsfråga", k_callback_missed: "vi nådde inte den som bad om samtal" },
    en: { title: "Messages", hint: "What Neuvo has sent and will send. Without an SMS gateway or a mail server configured, messages stay here, not sent: read the message to the client by phone, and instead of the link the code, which the client types on Neuvo's start page. Failed ones need a person: check the number, then send again.", code: "code", st_not_sent: "not sent", notSentSms: "not sent: no SMS gateway configured", notSentEmail: "not sent: no mail server (SMTP) configured", show: "Show", all: "all", due: "Due", message: "Message", to: "To", status: "Status", text: "Text", action: "Action", again: "Send again", queued: "The message is queued again.", empty: "No messages.", link: "link", k_confirmation: "confirmation", k_reminder: "reminder", k_moved: "moved", k_cancelled: "cancelled", k_interpreter_offer: "interpreter offer", k_offer_withdrawn: "offer withdrawn", k_invitation: "invitation", k_interpreter_accepted: "interpreter accepted", k_staff_welcome: "account invitation", k_password_reset: "password reset", k_feedback: "feedback request", k_callback_missed: "call-back: could not reach the client" },
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
        if (AGAIN.includes(message.status)) {
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
        const text = message.fallback ? `${message.text ?? ""} [${message.fallback}]` : message.text;
        // Those who may see the client get the number and the code to read out for the link.
        const to = message.short_code ? el("td", {}, message.recipient, el("br"),
          el("span", { class: "hint" }, `${t("code")}: `), el("strong", { "data-testid": `code-${message.id}`, dir: "ltr" }, message.short_code))
          : message.recipient;
        return row({ "data-testid": `message-${message.id}`, class: `message-${message.status}` },
          fmt.dateTime(message.due_at), `${t(`k_${message.kind}`)} (${message.channel}, ${message.language})`,
          to, messageState(t, message), text, action);
      }), t("empty"));
    }
    await load();
  },
};
