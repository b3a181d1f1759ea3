// The client's booking link: shows the session in the client's language, reads it aloud,
// and lets the client cancel it or pick another time. The token is only ever sent back to
// this same address.
const RTL = new Set(["ar", "prs", "fa", "ps", "ckb", "ur", "he"]);
const INTL = { prs: "fa-AF", ckb: "ar-IQ" };

// Plain-language texts; only fi, sv and en have been reviewed by a person.
const TEXT = {
  fi: { reviewed: true, when: "Aikasi on", cancel: "Peru aika", sure: "Haluatko perua ajan?", yes: "Kyllä, peru", no: "Ei", change: "Vaihda aika", cancelled: "Aika on peruttu.", confirmed: "Aika on varattu.", done: "Tapaaminen on pidetty.", gone: "Linkki ei ole voimassa.", pick: "Valitse uusi aika", none: "Vapaita aikoja ei löytynyt.", video: "Video", phone: "Puhelin", in_person: "Paikan päällä" },
  sv: { reviewed: true, when: "Din tid är", cancel: "Avboka", sure: "Vill du avboka tiden?", yes: "Ja, avboka", no: "Nej", change: "Byt tid", cancelled: "Tiden är avbokad.", confirmed: "Tiden är bokad.", done: "Mötet har hållits.", gone: "Länken gäller inte.", pick: "Välj en ny tid", none: "Inga lediga tider hittades.", video: "Video", phone: "Telefon", in_person: "På plats" },
  en: { reviewed: true, when: "Your appointment is on", cancel: "Cancel", sure: "Do you want to cancel?", yes: "Yes, cancel", no: "No", change: "Change time", cancelled: "The appointment is cancelled.", confirmed: "The appointment is booked.", done: "The meeting has taken place.", gone: "This link is not valid.", pick: "Choose a new time", none: "No free times were found.", video: "Video", phone: "Phone", in_person: "In person" },
  ar: { reviewed: false, when: "موعدك في", cancel: "إلغاء الموعد", sure: "هل تريد إلغاء الموعد؟", yes: "نعم، ألغِ", no: "لا", change: "تغيير الموعد", cancelled: "تم إلغاء الموعد.", confirmed: "تم حجز الموعد.", done: "تم اللقاء.", gone: "هذا الرابط غير صالح.", pick: "اختر موعدًا جديدًا", none: "لا توجد مواعيد متاحة.", video: "فيديو", phone: "هاتف", in_person: "حضوريًا" },
  so: { reviewed: false, when: "Ballantaadu waa", cancel: "Jooji ballanta", sure: "Ma rabtaa inaad joojiso ballanta?", yes: "Haa, jooji", no: "Maya", change: "Beddel waqtiga", cancelled: "Ballanta waa la joojiyay.", confirmed: "Ballanta waa la qabsaday.", done: "Kulanka waa dhacay.", gone: "Xiriirkan ma shaqeynayo.", pick: "Dooro waqti cusub", none: "Waqti bannaan lama helin.", video: "Fiidiyow", phone: "Taleefan", in_person: "Goobta" },
  uk: { reviewed: false, when: "Ваш запис на", cancel: "Скасувати", sure: "Скасувати запис?", yes: "Так, скасувати", no: "Ні", change: "Змінити час", cancelled: "Запис скасовано.", confirmed: "Запис зроблено.", done: "Зустріч відбулася.", gone: "Посилання недійсне.", pick: "Оберіть новий час", none: "Вільного часу не знайдено.", video: "Відео", phone: "Телефон", in_person: "Особисто" },
  ru: { reviewed: false, when: "Ваша запись на", cancel: "Отменить", sure: "Отменить запись?", yes: "Да, отменить", no: "Нет", change: "Изменить время", cancelled: "Запись отменена.", confirmed: "Запись сделана.", done: "Встреча состоялась.", gone: "Ссылка недействительна.", pick: "Выберите новое время", none: "Свободного времени нет.", video: "Видео", phone: "Телефон", in_person: "Лично" },
};

const $ = (id) => document.getElementById(id);
const address = location.pathname;
let booking = null;
let lang = "fi";

const t = (key) => (TEXT[lang] || TEXT.en)[key] ?? TEXT.en[key];

function formatWhen(iso) {
  const format = new Intl.DateTimeFormat(INTL[lang] || lang, {
    timeZone: "Europe/Helsinki", weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
  });
  return format.format(new Date(iso));
}

function speak(text) {
  if (!("speechSynthesis" in window)) return;
  const voice = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang));
  if (!voice) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  speechSynthesis.cancel();
  speechSynthesis.speak(utterance);
}

async function request(method, body) {
  const response = await fetch(address, {
    method,
    headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    credentials: "omit",
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(data.detail || t("gone")), { status: response.status });
  return data;
}

function render() {
  lang = booking.language;
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.has(lang) ? "rtl" : "ltr";
  document.documentElement.dataset.reviewed = String((TEXT[lang] || TEXT.en).reviewed);
  const name = booking.service_names[lang] || booking.service_names.en || booking.service_names.fi;
  $("when").textContent = `${t("when")} ${formatWhen(booking.starts_at)}`;
  $("what").textContent = `${name} · ${t(booking.channel)}`;
  const state = { confirmed: "confirmed", cancelled: "cancelled", completed: "done", no_show: "done" };
  $("state").textContent = t(state[booking.status] || "confirmed");
  $("cancel").textContent = t("cancel");
  $("change-time").textContent = t("change");
  $("confirm-question").textContent = t("sure");
  $("cancel-yes").textContent = t("yes");
  $("cancel-no").textContent = t("no");
  $("actions").hidden = !booking.can_change;
  $("confirm").hidden = true;
  $("times").hidden = true;
  $("view").hidden = false;
  $("when").focus();
}

async function showTimes() {
  const from = new Date(Math.max(Date.now(), Date.parse(booking.starts_at) - 7 * 864e5));
  const to = new Date(from.getTime() + 13 * 864e5);
  const day = (d) => d.toISOString().slice(0, 10);
  const query = new URLSearchParams({
    service_id: booking.service_id, municipality: booking.municipality_code, language: booking.language,
    channel: booking.channel, from: day(from), to: day(to),
  });
  const response = await fetch(`/api/v1/slots?${query}`, { headers: { Accept: "application/json" } });
  const found = response.ok ? await response.json() : { slots: [] };
  const list = $("times");
  list.replaceChildren();
  for (const slot of found.slots.slice(0, 20)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "change";
    button.dataset.testid = "slot";
    button.dataset.slotStart = slot.starts_at;
    button.textContent = formatWhen(slot.starts_at);
    button.addEventListener("click", () => act({ action: "move", slot: slot.slot }));
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  }
  $("status").textContent = found.slots.length ? t("pick") : found.reason || t("none");
  list.hidden = false;
}

async function act(body) {
  try {
    booking = await request("POST", body);
    render();
    speak($("state").textContent);
  } catch (error) {
    $("status").textContent = error.message;
  }
}

$("cancel").addEventListener("click", () => { $("confirm").hidden = false; $("cancel-yes").focus(); });
$("cancel-no").addEventListener("click", () => { $("confirm").hidden = true; });
$("cancel-yes").addEventListener("click", () => act({ action: "cancel" }));
$("change-time").addEventListener("click", showTimes);
$("when").addEventListener("click", () => speak(`${$("when").textContent}. ${$("what").textContent}`));

request("GET")
  .then((data) => { booking = data; render(); })
  .catch((error) => { $("status").textContent = error.status === 404 ? TEXT.fi.gone + " / " + TEXT.en.gone : error.message; });
