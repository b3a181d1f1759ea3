// @ts-check
// A session held by phone in the day view (sessions.js): the client's number to call (a tel:
// link; only the advisor and staff who may see the client get it), how the interpreter joins
// (by phone, with her number to conference her in, or dialled in by Neuvo during a call placed
// through it; or through the room; or, while Neuvo has the client on the line, she joins from
// her browser: session-join.js), and each try to
// call: reached, no answer (tried again and counted) or wrong number.
import { el } from "../dom.js";
import { bridgeControls, bridgeStrings } from "./session-bridge.js";
import { joinControls, joinStrings } from "./session-join.js";

/** @type {import("./tabs.js").Strings} */
export const phoneStrings = {
  fi: {
    ...bridgeStrings.fi,
    ...joinStrings.fi,
    service: "Palvelu", call: "Soita asiakkaalle", clientNumber: "Asiakkaan numero", switched: "Puhelin (oli video)",
    joinsByPhone: "Tulkki {name} tulee puhelimella: soita hänet mukaan", joinsByPhoneBridge: "Tulkki {name} tulee puhelimella: Neuvo soittaa hänet mukaan puhelun aikana", byHand: "tai soita itse:", joinsInRoom: "Tulkki {name} tulee huoneen kautta", joinsInRoomBridge: "Tulkki {name} tulee huoneen kautta: hän voi liittyä puheluun selaimellaan",
    youByPhone: "Tulet puhelimella: ohjaaja {advisor} soittaa sinulle ja asiakkaalle", youInRoom: "Tulet huoneen kautta (”Liity”); ohjaaja {advisor} soittaa asiakkaalle", youInRoomBridge: "Tulet huoneen kautta (”Liity”) tai liityt ohjaajan {advisor} puheluun asiakkaalle selaimellasi",
    advisorCalls: "Ohjaaja {advisor} soittaa asiakkaalle", calls: "Soitot", noCalls: "Ei vielä soittoja.",
    reached: "Tavoitettu", no_answer: "Ei vastannut", wrong_number: "Väärä numero", unanswered: "{n} vastaamatonta",
    callSaved: "Soitto kirjattu: {outcome}.", accepted: "hyväksyi {time}",
  },
  sv: {
    ...bridgeStrings.sv,
    ...joinStrings.sv,
    service: "Tjänst", call: "Ring klienten", clientNumber: "Klientens nummer", switched: "Telefon (var video)",
    joinsByPhone: "Tolken {name} deltar per telefon: koppla in henne", joinsByPhoneBridge: "Tolken {name} deltar per telefon: Neuvo kopplar in henne under samtalet", byHand: "eller ring själv:", joinsInRoom: "Tolken {name} deltar via rummet", joinsInRoomBridge: "Tolken {name} deltar via rummet: hon kan ansluta till samtalet med webbläsaren",
    youByPhone: "Du deltar per telefon: handledaren {advisor} ringer dig och klienten", youInRoom: "Du deltar via rummet (”Anslut”); handledaren {advisor} ringer klienten", youInRoomBridge: "Du deltar via rummet (”Anslut”) eller ansluter med webbläsaren till samtalet som handledaren {advisor} ringer till klienten",
    advisorCalls: "Handledaren {advisor} ringer klienten", calls: "Samtal", noCalls: "Inga samtal ännu.",
    reached: "Nådd", no_answer: "Svarade inte", wrong_number: "Fel nummer", unanswered: "{n} obesvarade",
    callSaved: "Samtalet har registrerats: {outcome}.", accepted: "godkände {time}",
  },
  en: {
    ...bridgeStrings.en,
    ...joinStrings.en,
    service: "Service", call: "Call the client", clientNumber: "Client's number", switched: "Phone (was video)",
    joinsByPhone: "Interpreter {name} joins by phone: conference her in", joinsByPhoneBridge: "Interpreter {name} joins by phone: Neuvo calls her in during the call", byHand: "or call her yourself:", joinsInRoom: "Interpreter {name} joins through the room", joinsInRoomBridge: "Interpreter {name} joins through the room: she can join the call from her browser",
    youByPhone: "You join by phone: the advisor {advisor} calls you and the client", youInRoom: "You join through the room (“Join”); the advisor {advisor} calls the client", youInRoomBridge: "You join through the room (“Join”), or join from your browser when the advisor {advisor} calls the client through Neuvo",
    advisorCalls: "The advisor {advisor} calls the client", calls: "Calls", noCalls: "No calls yet.",
    reached: "Reached", no_answer: "No answer", wrong_number: "Wrong number", unanswered: "{n} without answer",
    callSaved: "Call recorded: {outcome}.", accepted: "accepted {time}",
  },
};

const OUTCOMES = ["reached", "no_answer", "wrong_number"];

/**
 * @param {string} number E.164
 * @param {string} label as dialled
 * @param {string} testid
 */
const telLink = (number, label, testid) => el("a", { href: `tel:${number}`, dir: "ltr", "data-testid": testid }, label || number);

/**
 * What the way cell says for a session held by phone, and the calls; null for other sessions.
 * @param {any} session one answer of GET /api/v1/bookings
 * @param {{ api: Function, t: Function, fmt: any, me: { id: string }, notify: Function, report: Function, reload: () => Promise<void>, panel: HTMLElement }} ctx
 * @returns {HTMLElement | null}
 */
export function phoneCell(session, { api, t, fmt, me, notify, report, reload, panel }) {
  const phone = session.phone;
  if (!phone) return null;
  const box = el("div", { class: "phone-session", "data-testid": `phone-${session.id}` },
    el("p", {}, phone.switched_to_phone_at ? t("switched") : t("ch_phone")));
  if (phone.client_phone) {
    box.append(el("p", {}, `${t("clientNumber")}: `, telLink(phone.client_phone, phone.client_phone_label, `client-tel-${session.id}`)));
  } else if (session.advisor_id !== me.id) {
    box.append(el("p", {}, t("advisorCalls", { advisor: session.advisor_name })));
  }
  if (phone.interpreter_joins) {
    const mine = session.interpreter_id === me.id;
    const key = mine ? (phone.interpreter_joins === "phone" ? "youByPhone" : phone.joinable ? "youInRoomBridge" : "youInRoom")
      : (phone.interpreter_joins === "phone" ? (phone.bridge ? "joinsByPhoneBridge" : "joinsByPhone")
        : phone.bridge ? "joinsInRoomBridge" : "joinsInRoom");
    const line = el("p", { "data-testid": `interpreter-joins-${session.id}`, "data-joins": phone.interpreter_joins },
      t(key, { name: phone.interpreter_name ?? "", advisor: session.advisor_name }));
    // With the bridge, her number stays beside it: should Neuvo's call fail, she is called by hand.
    if (phone.interpreter_phone && !mine) {
      line.append(" ", ...(phone.bridge ? [t("byHand"), " "] : []), telLink(phone.interpreter_phone, phone.interpreter_phone, `interpreter-tel-${session.id}`));
    }
    box.append(line);
  }
  // The session's interpreter joins the client's call through Neuvo from her browser.
  const join = session.interpreter_id === me.id ? joinControls(session, { api, t, report, reload, panel }) : null;
  if (join) box.append(join);
  if (!phone.client_phone) return box; // she is not the one to call: no number, no calls
  const list = el("ul", { class: "calls", "data-testid": `calls-${session.id}` },
    ...phone.calls.map((call) => el("li", { "data-outcome": call.outcome ?? "live", "data-bridged": String(call.bridged), "data-party": call.party ?? "client" },
      `${fmt.time(call.created_at)}${call.ended_at ? `–${fmt.time(call.ended_at)}` : ""} ${call.party === "interpreter" ? `${t("partyInterpreter")}: ` : ""}${call.outcome ? t(call.outcome) : t("bridgeLive")}${call.staff_name ? ` (${call.staff_name})` : ""}`)));
  const count = el("p", { "data-testid": `unanswered-${session.id}`, "data-count": String(phone.unanswered) },
    phone.calls.length ? (phone.unanswered ? t("unanswered", { n: phone.unanswered }) : "") : t("noCalls"));
  const buttons = OUTCOMES.map((outcome) => {
    const button = el("button", { type: "button", "data-testid": `call-${outcome}-${session.id}` }, t(outcome));
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await api("POST", `/api/v1/bookings/${session.id}/calls`, { outcome });
        notify(t("callSaved", { outcome: t(outcome) }));
        await reload();
        /** @type {HTMLElement | null} */ (panel.querySelector(`[data-testid="call-${outcome}-${session.id}"]`))?.focus();
      } catch (error) {
        report(error);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  if (phone.bridge) box.append(bridgeControls(session, { api, t, report, reload, panel }));
  box.append(el("p", { class: "hint" }, t("calls")), list, count, el("div", { class: "toolbar", role: "group", "aria-label": t("calls") }, ...buttons));
  return box;
}
