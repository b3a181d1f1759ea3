// @ts-check
// The recording studio (/console#recordings): per language, every prompt, clip and name with
// its text, the Finnish beside it, and what a client hears now (recorded, generated, nothing);
// record in the browser, listen back, record again or upload a file; a second person approves.
// Coverage of every language on top. The API: /api/v1/speech (api/routes/speech.py).
import { sendRaw } from "../http.js";
import { refocus } from "./widgets.js";
import { languageName } from "./names.js";
import { coverageTable, strings as coverageStrings } from "./recordings-coverage.js";
import { invitations, strings as inviteStrings } from "./recordings-invite.js";

const LANGS = ["so", "ti", "prs", "ckb", "ps", "ar", "fi", "sv", "en", "uk", "ru",
  "et", "fa", "kmr", "zh", "sq", "vi", "th", "tr", "es", "fr", "am"];
const MAX_SECONDS = 30;

const own = {
  fi: {
    title: "Äänitykset", coverage: "Kattavuus", language: "Kieli", prompts: "Kehotteet",
    clips: "Palat", recorded: "äänitetty", generated: "koneääni", none: "puuttuu",
    text: "Teksti", meaning: "Suomeksi", heard: "Asiakas kuulee", takes: "Otot",
    record: "Äänitä", stop: "Lopeta", again: "Äänitä uudelleen", upload: "Lataa tiedosto",
    send: "Lähetä", listen: "Kuuntele", approve: "Hyväksy", reject: "Hylkää",
    pending: "odottaa", approved: "hyväksytty", stale: "vanha teksti", mine: "Omat kielesi",
    only_missing: "Vain puuttuvat", sent: "Otto lähetetty hyväksyttäväksi.", done: "Tallennettu.",
    no_mic: "Mikrofoni ei ole käytössä.", cannot_record: "Sinua ei ole pyydetty äänittämään tätä kieltä.",
    voice: "Koneääni: {voice}", no_voice: "Ei koneääntä: kaikki äänitetään.",
    prompt: "kehote", clip: "pala", service: "palvelu", municipality: "kunta",
    agree: "Lähettäessäsi oton annat sen käyttöön lisenssillä {licence}: muut kunnat voivat käyttää sitä, ja sinut mainitaan äänittäjänä.",
    machine: "konekäännös, tarkistamatta", machineNote: "Tämän kielen kehotteet ovat konekäännöksiä, joita kieltä osaava ei ole vielä tarkistanut. Jos teksti on väärin, kerro siitä ylläpitäjälle ennen kuin äänität sen.",
  },
  sv: {
    title: "Inspelningar", coverage: "Täckning", language: "Språk", prompts: "Uppmaningar",
    clips: "Klipp", recorded: "inspelad", generated: "maskinröst", none: "saknas",
    text: "Text", meaning: "På finska", heard: "Klienten hör", takes: "Tagningar",
    record: "Spela in", stop: "Stoppa", again: "Spela in igen", upload: "Ladda upp fil",
    send: "Skicka", listen: "Lyssna", approve: "Godkänn", reject: "Avvisa",
    pending: "väntar", approved: "godkänd", stale: "gammal text", mine: "Dina språk",
    only_missing: "Bara saknade", sent: "Tagningen skickad för godkännande.", done: "Sparat.",
    no_mic: "Mikrofonen är inte tillgänglig.", cannot_record: "Du har inte ombetts spela in detta språk.",
    voice: "Maskinröst: {voice}", no_voice: "Ingen maskinröst: allt spelas in.",
    prompt: "uppmaning", clip: "klipp", service: "tjänst", municipality: "kommun",
    agree: "När du skickar en tagning delar du den under licensen {licence}: andra kommuner får använda den, och du nämns som den som spelat in.",
    machine: "maskinöversatt, ogranskad", machineNote: "Uppmaningarna på detta språk är maskinöversättningar som ingen som kan språket har granskat ännu. Om en text är fel, säg till en administratör innan du spelar in den.",
  },
  en: {
    title: "Recordings", coverage: "Coverage", language: "Language", prompts: "Prompts",
    clips: "Clips", recorded: "recorded", generated: "generated", none: "missing",
    text: "Text", meaning: "In Finnish", heard: "Client hears", takes: "Takes",
    record: "Record", stop: "Stop", again: "Record again", upload: "Upload a file",
    send: "Send", listen: "Listen", approve: "Approve", reject: "Reject",
    pending: "pending", approved: "approved", stale: "older text", mine: "Your languages",
    only_missing: "Only missing", sent: "Take sent for approval.", done: "Saved.",
    no_mic: "The microphone is not available.", cannot_record: "You have not been asked to record this language.",
    voice: "Generated voice: {voice}", no_voice: "No generated voice: everything is recorded.",
    prompt: "prompt", clip: "clip", service: "service", municipality: "municipality",
    agree: "By sending a take you share it under the licence {licence}: other municipalities may use it, and you are credited as its recorder.",
    machine: "machine translated, not reviewed", machineNote: "This language's prompts are machine translations no one who speaks the language has checked yet. If a text is wrong, tell an administrator before you record it.",
  },
};

/** @type {import("./tabs.js").Strings} */
const strings = Object.fromEntries(Object.entries(own).map(([lang, words]) =>
  [lang, { ...words, ...coverageStrings[lang], ...inviteStrings[lang] }]));

/** POST a recorded or chosen file as the request body (the API takes the bytes as they are). */
async function upload(path, blob) {
  const response = await sendRaw("POST", path, blob, { "Content-Type": blob.type || "application/octet-stream" });
  return response.json().catch(() => null);
}

/** "somali (so)": the name in the console language, and the code the prompts are filed by. */
const named = (code, lang) => `${languageName(code, lang)} (${code})`;

/** A recorder for one item: MediaRecorder, listen back, again, or a file; then send. */
function recorder(ctx, lang, item, reload, licence) {
  const { el, t, notify } = ctx;
  let chunks = [];
  let media = null;
  let take = null;
  let timer = null;
  const player = el("audio", { controls: "", hidden: "" });
  const recordButton = el("button", { type: "button" }, t("record"));
  const sendButton = el("button", { type: "button", disabled: "" }, t("send"));
  const file = el("input", { type: "file", accept: "audio/*", "aria-label": t("upload") });
  const keep = (blob) => {
    take = blob;
    player.src = URL.createObjectURL(blob);
    player.hidden = false;
    sendButton.disabled = false;
  };
  recordButton.addEventListener("click", async () => {
    if (media?.state === "recording") { media.stop(); return; }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
    } catch {
      notify(t("no_mic"), true);
      return;
    }
    chunks = [];
    media = new MediaRecorder(stream);
    media.addEventListener("dataavailable", (event) => chunks.push(event.data));
    media.addEventListener("stop", () => {
      clearTimeout(timer);
      stream.getTracks().forEach((track) => track.stop());
      recordButton.textContent = t("again");
      keep(new Blob(chunks, { type: media.mimeType }));
    });
    media.start();
    recordButton.textContent = t("stop");
    timer = setTimeout(() => media.state === "recording" && media.stop(), MAX_SECONDS * 1000);
  });
  file.addEventListener("change", () => file.files[0] && keep(file.files[0]));
  sendButton.addEventListener("click", async () => {
    try {
      // Sending is agreeing to the licence the page states (recorded with the take).
      await upload(`/api/v1/speech/${lang}/${item.kind}/${encodeURIComponent(item.key)}?licence=${encodeURIComponent(licence)}`, take);
      notify(t("sent"));
      // On to the next prompt's recorder: a recorder by keyboard goes down the list.
      await reload(`tr[data-key="${CSS.escape(`${item.kind}:${item.key}`)}"] ~ tr .recorder button`);
    } catch (error) {
      notify(error.message, true);
    }
  });
  return el("div", { class: "recorder" }, recordButton, file, player, sendButton);
}

function takeLine(ctx, page, item, take, reload) {
  const { el, t, api, notify } = ctx;
  const audio = el("audio", { controls: "", preload: "none", src: take.listen });
  const line = el("li", { "data-status": take.status, "data-stale": String(take.stale) },
    el("span", {}, t(take.status)), take.stale ? el("strong", { class: "stale" }, ` ${t("stale")}`) : null,
    take.invited ? el("span", { class: "by", "data-testid": "take-invited" }, ` ${t("by", { name: take.invited })}`) : null,
    ` ${take.seconds.toFixed(1)} s `, audio);
  const decide = (verb) => async () => {
    try {
      await api("POST", `/api/v1/speech/recordings/${take.id}/${verb}`);
      notify(t("done"));
      // On to the next take waiting for a decision, from this row down.
      const here = `tr[data-key="${CSS.escape(`${item.kind}:${item.key}`)}"]`;
      await reload(`${here} [data-decide], ${here} ~ tr [data-decide]`);
    } catch (error) {
      notify(error.message, true);
    }
  };
  if (take.status === "pending" && page.may_approve && take.recorded_by !== ctx.me.id) {
    line.append(el("button", { type: "button", "data-decide": "approve" }, t("approve")),
      el("button", { type: "button", "data-decide": "reject" }, t("reject")));
    const [approve, reject] = line.querySelectorAll("button");
    approve.addEventListener("click", decide("approve"));
    reject.addEventListener("click", decide("reject"));
  }
  return line;
}

async function renderLanguage(ctx, box, lang, onlyMissing) {
  const { el, t, api } = ctx;
  // Drawing the list again takes the focused button away: `next` says where the focus goes on.
  const reload = async (next) => {
    await renderLanguage(ctx, box, lang, onlyMissing);
    refocus(box.closest('[role="tabpanel"]'), next);
  };
  // A language chosen while another's list is on its way: the later choice wins, whichever
  // answer comes back last (a slow first answer drew Somali rows under "Tigrinya").
  const ticket = String(Number(box.dataset.ticket ?? 0) + 1);
  box.dataset.ticket = ticket;
  const page = await api("GET", `/api/v1/speech/${lang}/prompts`);
  if (box.dataset.ticket !== ticket) return;
  const items = page.items.filter((item) => !onlyMissing() || item.heard === "none");
  const rows = items.map((item) => el("tr", { "data-key": `${item.kind}:${item.key}`, "data-heard": item.heard },
    el("td", {}, t(item.kind), el("br"), el("code", { translate: "no" }, item.key)),
    el("td", { lang, dir: "auto", translate: "no" }, item.text),
    el("td", { lang: "fi", translate: "no" }, item.meaning_fi ?? ""),
    el("td", {}, t(item.heard)),
    el("td", {}, el("ul", {}, ...item.takes.map((take) => takeLine(ctx, page, item, take, reload))),
      page.may_record ? recorder(ctx, lang, item, reload, page.licence) : null)));
  const head = el("tr", {}, ...["text", "text", "meaning", "heard", "takes"].map((key, i) =>
    el("th", { scope: "col" }, i === 0 ? "" : t(key))));
  box.replaceChildren(
    el("p", {}, page.voice ? t("voice", { voice: page.voice }) : t("no_voice")),
    page.machine_translated ? el("p", { class: "note machine", "data-testid": "studio-machine" }, t("machineNote")) : "",
    page.may_record ? el("p", { class: "note", "data-testid": "studio-licence" }, t("agree", { licence: page.licence })) : el("p", { class: "note" }, t("cannot_record")),
    el("table", { class: "studio", "data-testid": "speech-studio", "data-lang": lang }, el("thead", {}, head), el("tbody", {}, ...rows)),
  );
}

/** @type {import("./tabs.js").Tab} */
export default {
  id: "recordings",
  roles: ["admin", "voice"],
  strings,
  async render(panel, ctx) {
    const { el, t, api, lang } = ctx;
    const [coverage, readiness] = await Promise.all([
      api("GET", "/api/v1/speech/coverage"), api("GET", "/api/v1/speech/readiness")]);
    const ordered = [...coverage.mine, ...LANGS.filter((code) => !coverage.mine.includes(code))];
    const choice = el("select", { "aria-label": t("language") },
      ...ordered.map((code) => el("option", { value: code }, named(code, lang))));
    const missing = el("input", { type: "checkbox" });
    const box = el("div", { "aria-live": "polite" });
    const show = () => renderLanguage(ctx, box, choice.value, () => missing.checked)
      .catch((error) => ctx.notify(error.message, true));
    choice.addEventListener("change", show);
    missing.addEventListener("change", show);
    const inviting = ctx.me.roles.includes("admin") ? invitations(ctx, readiness.map((r) => r.lang)) : null;
    panel.replaceChildren(
      el("h2", {}, t("title")),
      coverageTable(ctx, coverage, readiness, inviting && inviting.invite),
      inviting ?? "",
      coverage.mine.length ? el("p", {}, `${t("mine")}: ${coverage.mine.map((code) => named(code, lang)).join(", ")}`) : "",
      el("label", {}, `${t("language")} `, choice),
      el("label", { class: "check" }, missing, ` ${t("only_missing")}`),
      box,
    );
    await show();
  },
};
