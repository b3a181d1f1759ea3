// @ts-check
// The words of the volunteer's recording page (/record/{token}), kept beside the page rather
// than in the prompts (frontend/static/prompts/*.json): every prompt there is something each
// client must hear, and so something to record; these are read by the volunteer only, in the
// invitation's language with Finnish or English beside. Languages other than fi, sv and en are
// machine-made and marked unreviewed, as the prompts' are.

/** @typedef {{ reviewed: boolean, text: Record<string, string> }} Words */

/** @type {Record<string, Words>} */
export const WORDS = {
  fi: { reviewed: true, text: {
    title: "Äänitä Neuvolle", hello: "Hei {name}!", intro: "Sano jokainen lause omalla kielelläsi niin kuin sanoisit sen asiakkaalle. Ajanvarauksen lauseet ensin.",
    booking: "Ajanvaraus: {heard} / {total}", for_booking: "Tarvitaan ajanvaraukseen", listen: "Kuuntele", record: "Äänitä", stop: "Lopeta",
    again: "Äänitä uudelleen", send: "Lähetä", skip: "Ohita", sent: "Lähetetty. Kiitos!", done: "Kaikki on lähetetty. Kiitos!",
    no_mic: "Mikrofoni ei ole käytössä.", expired: "Tämä kutsu on vanhentunut. Pyydä uusi kutsun lähettäjältä.", unknown: "Linkkiä ei tunnistettu.",
    wrong_language: "Tämä kutsu on toiselle kielelle.", failed: "Lähetys epäonnistui. Yritä uudelleen.", take: "Äänityksesi",
  } },
  sv: { reviewed: true, text: {
    title: "Spela in för Neuvo", hello: "Hej {name}!", intro: "Säg varje mening på ditt språk så som du skulle säga den till en klient. Bokningens meningar först.",
    booking: "Bokning: {heard} / {total}", for_booking: "Behövs för bokning", listen: "Lyssna", record: "Spela in", stop: "Stoppa",
    again: "Spela in igen", send: "Skicka", skip: "Hoppa över", sent: "Skickat. Tack!", done: "Allt är skickat. Tack!",
    no_mic: "Mikrofonen är inte tillgänglig.", expired: "Inbjudan har gått ut. Be den som skickade den om en ny.", unknown: "Länken kändes inte igen.",
    wrong_language: "Inbjudan gäller ett annat språk.", failed: "Det gick inte att skicka. Försök igen.", take: "Din inspelning",
  } },
  en: { reviewed: true, text: {
    title: "Record for Neuvo", hello: "Hello {name}!", intro: "Say each sentence in your language as you would say it to a client. The booking's sentences come first.",
    booking: "Booking: {heard} / {total}", for_booking: "Needed for booking", listen: "Listen", record: "Record", stop: "Stop",
    again: "Record again", send: "Send", skip: "Skip", sent: "Sent. Thank you!", done: "Everything is sent. Thank you!",
    no_mic: "The microphone is not available.", expired: "This invitation has expired. Ask the person who sent it for a new one.", unknown: "This link is not known.",
    wrong_language: "This invitation is for another language.", failed: "Sending failed. Try again.", take: "Your recording",
  } },
  so: { reviewed: false, text: {
    title: "Duub codka Neuvo", hello: "Salaan {name}!", intro: "Ku dheh jumlad kasta luqaddaada sidii aad macmiil ugu sheegi lahayd. Jumladaha ballanta ayaa marka hore ah.",
    booking: "Ballanta: {heard} / {total}", for_booking: "Ballanta ayaa u baahan", listen: "Dhageyso", record: "Duub", stop: "Jooji",
    again: "Mar kale duub", send: "Dir", skip: "Ka gudub", sent: "Waa la diray. Mahadsanid!", done: "Wax walba waa la diray. Mahadsanid!",
    no_mic: "Makarafoonka lama heli karo.", expired: "Casuumaddan waa dhacday. Weydii qofkii kuu soo diray mid cusub.", unknown: "Linkigan lama yaqaan.",
    wrong_language: "Casuumaddan waxay u tahay luqad kale.", failed: "Dirista ma guulaysan. Isku day mar kale.", take: "Duubistaada",
  } },
  ti: { reviewed: false, text: {
    title: "ንNeuvo ቅረጽ", hello: "ሰላም {name}!", intro: "ነፍሲ ወከፍ ሓረግ ብቋንቋኻ ከም ንዓሚል እትብሎ በሎ። ናይ ቆጸራ ሓረጋት ቅድም።",
    booking: "ቆጸራ፡ {heard} / {total}", for_booking: "ንቆጸራ የድሊ", listen: "ስማዕ", record: "ቅረጽ", stop: "ደው ኣብል",
    again: "ደጊምካ ቅረጽ", send: "ስደድ", skip: "ሕለፍ", sent: "ተላኢኹ። የቐንየለይ!", done: "ኩሉ ተላኢኹ። የቐንየለይ!",
    no_mic: "ማይክሮፎን ኣይተረኽበን።", expired: "እዚ ዕድመ ግዜኡ ሓሊፉ። ካብቲ ዝለኣኸልካ ሰብ ሓድሽ ሕተት።", unknown: "እዚ ሊንክ ኣይፍለጥን።",
    wrong_language: "እዚ ዕድመ ንካልእ ቋንቋ እዩ።", failed: "ምልኣኽ ኣይሰለጠን። እንደገና ፈትን።", take: "ቅጂኻ",
  } },
  ar: { reviewed: false, text: {
    title: "سجّل لـ Neuvo", hello: "مرحبًا {name}!", intro: "قل كل جملة بلغتك كما تقولها لعميل. جمل الحجز أولًا.",
    booking: "الحجز: {heard} / {total}", for_booking: "مطلوب للحجز", listen: "استمع", record: "سجّل", stop: "توقف",
    again: "سجّل مرة أخرى", send: "أرسل", skip: "تخطَّ", sent: "تم الإرسال. شكرًا!", done: "تم إرسال كل شيء. شكرًا!",
    no_mic: "الميكروفون غير متاح.", expired: "انتهت صلاحية هذه الدعوة. اطلب دعوة جديدة ممن أرسلها.", unknown: "هذا الرابط غير معروف.",
    wrong_language: "هذه الدعوة للغة أخرى.", failed: "فشل الإرسال. حاول مرة أخرى.", take: "تسجيلك",
  } },
  prs: { reviewed: false, text: {
    title: "برای Neuvo ثبت کنید", hello: "سلام {name}!", intro: "هر جمله را به زبان خود طوری بگویید که به یک مراجع می‌گویید. جمله‌های نوبت‌گیری اول.",
    booking: "نوبت‌گیری: {heard} / {total}", for_booking: "برای نوبت‌گیری لازم است", listen: "بشنوید", record: "ثبت", stop: "توقف",
    again: "دوباره ثبت", send: "بفرستید", skip: "رد شوید", sent: "فرستاده شد. تشکر!", done: "همه فرستاده شد. تشکر!",
    no_mic: "میکروفون در دسترس نیست.", expired: "این دعوت‌نامه منقضی شده است. از کسی که آن را فرستاده دعوت‌نامهٔ نو بخواهید.", unknown: "این لینک شناخته نشد.",
    wrong_language: "این دعوت‌نامه برای زبان دیگری است.", failed: "فرستادن ناکام شد. دوباره کوشش کنید.", take: "ثبت شما",
  } },
  ckb: { reviewed: false, text: {
    title: "بۆ Neuvo تۆمار بکە", hello: "سڵاو {name}!", intro: "هەر ڕستەیەک بە زمانی خۆت بڵێ وەک بە کڕیارێکی دەڵێیت. ڕستەکانی کاتگرتن یەکەم.",
    booking: "کاتگرتن: {heard} / {total}", for_booking: "بۆ کاتگرتن پێویستە", listen: "گوێ بگرە", record: "تۆمار بکە", stop: "ڕاگرە",
    again: "دووبارە تۆمار بکە", send: "بنێرە", skip: "تێپەڕە", sent: "نێردرا. سوپاس!", done: "هەموو نێردرا. سوپاس!",
    no_mic: "مایکرۆفۆن بەردەست نییە.", expired: "ئەم بانگهێشتە بەسەرچووە. داوای نوێیەک لەو کەسە بکە کە ناردی.", unknown: "ئەم بەستەرە نەناسراوە.",
    wrong_language: "ئەم بانگهێشتە بۆ زمانێکی ترە.", failed: "ناردن سەرکەوتوو نەبوو. دووبارە هەوڵ بدەوە.", take: "تۆمارەکەت",
  } },
  uk: { reviewed: false, text: {
    title: "Запис для Neuvo", hello: "Вітаємо, {name}!", intro: "Скажіть кожне речення своєю мовою так, як сказали б клієнту. Спершу речення для запису на прийом.",
    booking: "Запис на прийом: {heard} / {total}", for_booking: "Потрібно для запису на прийом", listen: "Слухати", record: "Записати", stop: "Стоп",
    again: "Записати ще раз", send: "Надіслати", skip: "Пропустити", sent: "Надіслано. Дякуємо!", done: "Усе надіслано. Дякуємо!",
    no_mic: "Мікрофон недоступний.", expired: "Термін дії цього запрошення минув. Попросіть нове в того, хто його надіслав.", unknown: "Це посилання невідоме.",
    wrong_language: "Це запрошення для іншої мови.", failed: "Не вдалося надіслати. Спробуйте ще раз.", take: "Ваш запис",
  } },
  ru: { reviewed: false, text: {
    title: "Запись для Neuvo", hello: "Здравствуйте, {name}!", intro: "Скажите каждое предложение на своём языке так, как сказали бы клиенту. Сначала предложения для записи на приём.",
    booking: "Запись на приём: {heard} / {total}", for_booking: "Нужно для записи на приём", listen: "Слушать", record: "Записать", stop: "Стоп",
    again: "Записать ещё раз", send: "Отправить", skip: "Пропустить", sent: "Отправлено. Спасибо!", done: "Всё отправлено. Спасибо!",
    no_mic: "Микрофон недоступен.", expired: "Срок действия этого приглашения истёк. Попросите новое у того, кто его прислал.", unknown: "Эта ссылка неизвестна.",
    wrong_language: "Это приглашение для другого языка.", failed: "Не удалось отправить. Попробуйте ещё раз.", take: "Ваша запись",
  } },
};

/** Right-to-left scripts among the invitation languages. */
export const RTL = new Set(["ar", "prs", "ckb"]);

/**
 * The word `key` in `lang` (English where the language has none), with `{names}` filled in.
 * @param {string} lang
 * @param {string} key
 * @param {Record<string, string | number>} [values]
 */
export function word(lang, key, values = {}) {
  const text = (WORDS[lang] ?? WORDS.en).text[key] ?? WORDS.en.text[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
