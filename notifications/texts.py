"""The words of every message, per language, in plain language.

Placeholders: ``{date}`` and ``{time}`` (formatted for the language by Babel), ``{channel}``
(this language's word for the way of meeting), ``{link}`` (the recipient's own link),
``{language}`` (the session's language, named in this language), ``{minutes}`` and ``{phone}``
(the organisation's number, in the callback_missed message).
``reviewed`` says whether a person who speaks the language has checked the text; the others
were machine translated and wait for that review. Staff messages (``staff_*``) exist in the
national languages and English only. "Neuvo" stays in Latin letters in every language, so that
the sender is recognised.
"""

from typing import Any

TEXTS: dict[str, dict[str, Any]] = {
    "fi": {
        "reviewed": True,
        "channels": {"video": "videopuhelu", "phone": "puhelu", "in_person": "tapaaminen"},
        "subjects": {
            "callback_missed": "Emme tavoittaneet sinua",
            "feedback": "Miten tapaaminen meni?",
            "confirmation": "Aikasi on varattu",
            "reminder": "Muistutus ajastasi",
            "moved": "Aikasi on siirretty",
            "cancelled": "Aikasi on peruttu",
            "interpreter_offer": "Tulkkaustarjous",
            "offer_withdrawn": "Tulkkaustarjous peruttu",
            "staff_confirmation": "Uusi asiakasaika",
            "staff_moved": "Asiakasaika siirretty",
            "staff_cancelled": "Asiakasaika peruttu",
            "staff_interpreter_accepted": "Tulkki on vahvistanut tulkkauksen",
            "staff_welcome": "Tervetuloa Neuvoon: aseta salasanasi",
            "password_reset": "Uusi salasana",
            "recording_invitation": "Äänitä kehotteita omalla kielelläsi",
        },
        "kinds": {
            "callback_missed": "Neuvo: Yritimme soittaa sinulle kolme kertaa, "
            "mutta emme tavoittaneet sinua. "
            "Soita meille: {phone}",
            "feedback": "Neuvo: Kiitos tapaamisesta. Miten se meni? "
            "Vastaa yhdellä napautuksella: {link}",
            "confirmation": "Neuvo: Aikasi on varattu: {date} klo {time}, {channel}. "
            "Katso tai peru: {link}",
            "reminder": "Neuvo muistuttaa: aikasi on {date} klo {time}, {channel}. {link}",
            "moved": "Neuvo: Aikasi on siirretty: {date} klo {time}, {channel}. {link}",
            "cancelled": "Neuvo: Aikasi {date} klo {time} on peruttu. {link}",
            "interpreter_offer": "Neuvo: Tulkkaus ({language}) {date} klo {time}, "
            "{minutes} min. Ota vastaan: {link}",
            "offer_withdrawn": "Neuvo: Tulkkaus {date} klo {time} ei ole enää tarjolla.",
            "staff_confirmation": "Neuvo: Uusi asiakasaika {date} klo {time}, {channel}, "
            "kieli: {language}. Kalenterikutsu on liitteenä.",
            "staff_moved": "Neuvo: Asiakasaika on siirretty: {date} klo {time}, {channel}, "
            "kieli: {language}. Päivitetty kalenterikutsu on liitteenä.",
            "staff_cancelled": "Neuvo: Asiakasaika {date} klo {time} on peruttu. "
            "Peruutus on liitteenä.",
            "staff_interpreter_accepted": "Neuvo: Tulkki on ottanut vastaan tulkkauksen "
            "({language}) {date} klo {time}, {channel}.",
            "staff_welcome": "Sinulle on tehty tunnus Neuvoon, ajanvaraus- ja ohjauspalveluun. "
            "Aseta salasanasi tästä linkistä: {link}\n\nLinkki toimii kerran, {date} klo {time} "
            "asti. Sen jälkeen kirjaudut Neuvo-konsoliin sähköpostiosoitteellasi ja "
            "salasanallasi.",
            "recording_invitation": "Neuvo: Sinut on kutsuttu äänittämään Neuvon "
            "kehotteet kielellä {language}, jotta asiakkaat, jotka eivät lue, voivat varata "
            "ajan kuulemalla. Äänitä puhelimellasi tästä linkistä: {link} Linkki toimii "
            "{date} klo {time} asti.",
            "password_reset": "Joku (toivottavasti sinä) pyysi uutta salasanaa Neuvoon. "
            "Aseta uusi salasana tästä linkistä: {link}\n\nLinkki toimii kerran, {date} klo "
            "{time} asti. Jos et pyytänyt sitä, voit jättää tämän viestin huomiotta: salasanasi "
            "ei muutu.",
        },
    },
    "sv": {
        "reviewed": True,
        "channels": {"video": "videosamtal", "phone": "telefonsamtal", "in_person": "möte"},
        "subjects": {
            "callback_missed": "Vi nådde dig inte",
            "feedback": "Hur gick mötet?",
            "confirmation": "Din tid är bokad",
            "reminder": "Påminnelse om din tid",
            "moved": "Din tid har flyttats",
            "cancelled": "Din tid är avbokad",
            "interpreter_offer": "Erbjudande om tolkning",
            "offer_withdrawn": "Erbjudandet om tolkning har dragits tillbaka",
            "staff_confirmation": "Ny kundtid",
            "staff_moved": "Kundtiden har flyttats",
            "staff_cancelled": "Kundtiden är avbokad",
            "staff_interpreter_accepted": "Tolken har bekräftat tolkningen",
            "staff_welcome": "Välkommen till Neuvo: välj ditt lösenord",
            "password_reset": "Nytt lösenord",
            "recording_invitation": "Spela in uppmaningar på ditt språk",
        },
        "kinds": {
            "callback_missed": "Neuvo: Vi försökte ringa dig tre gånger men nådde dig inte. "
            "Ring oss: {phone}",
            "feedback": "Neuvo: Tack för mötet. Hur gick det? Svara med ett tryck: {link}",
            "confirmation": "Neuvo: Din tid är bokad: {date} kl. {time}, {channel}. "
            "Se eller avboka: {link}",
            "reminder": "Neuvo påminner: din tid är {date} kl. {time}, {channel}. {link}",
            "moved": "Neuvo: Din tid har flyttats: {date} kl. {time}, {channel}. {link}",
            "cancelled": "Neuvo: Din tid {date} kl. {time} är avbokad. {link}",
            "interpreter_offer": "Neuvo: Tolkning ({language}) {date} kl. {time}, "
            "{minutes} min. Ta emot: {link}",
            "offer_withdrawn": "Neuvo: Tolkningen {date} kl. {time} erbjuds inte längre.",
            "staff_confirmation": "Neuvo: Ny kundtid {date} kl. {time}, {channel}, "
            "språk: {language}. Kalenderinbjudan bifogas.",
            "staff_moved": "Neuvo: Kundtiden har flyttats: {date} kl. {time}, {channel}, "
            "språk: {language}. Den uppdaterade inbjudan bifogas.",
            "staff_cancelled": "Neuvo: Kundtiden {date} kl. {time} är avbokad. "
            "Avbokningen bifogas.",
            "staff_interpreter_accepted": "Neuvo: En tolk har tagit emot tolkningen "
            "({language}) {date} kl. {time}, {channel}.",
            "staff_welcome": "Du har fått ett konto i Neuvo, tjänsten för bokning och vägledning. "
            "Välj ditt lösenord via den här länken: {link}\n\nLänken fungerar en gång, till "
            "{date} kl. {time}. Sedan loggar du in i Neuvo-konsolen med din e-postadress och "
            "ditt lösenord.",
            "recording_invitation": "Neuvo: Du är inbjuden att spela in Neuvos uppmaningar på "
            "{language}, så att klienter som inte läser kan boka genom att lyssna. Spela in med "
            "din telefon via länken: {link} Länken fungerar till {date} kl. {time}.",
            "password_reset": "Någon (förhoppningsvis du) bad om ett nytt lösenord till Neuvo. "
            "Välj ett nytt lösenord via den här länken: {link}\n\nLänken fungerar en gång, till "
            "{date} kl. {time}. Om du inte bad om det kan du strunta i meddelandet: lösenordet "
            "ändras inte.",
        },
    },
    "en": {
        "reviewed": True,
        "channels": {"video": "video call", "phone": "phone call", "in_person": "meeting"},
        "subjects": {
            "callback_missed": "We could not reach you",
            "feedback": "How was your session?",
            "confirmation": "Your appointment is booked",
            "reminder": "Reminder of your appointment",
            "moved": "Your appointment has moved",
            "cancelled": "Your appointment is cancelled",
            "interpreter_offer": "Interpreting offer",
            "offer_withdrawn": "Interpreting offer withdrawn",
            "staff_confirmation": "New client appointment",
            "staff_moved": "Client appointment moved",
            "staff_cancelled": "Client appointment cancelled",
            "staff_interpreter_accepted": "The interpreter has accepted",
            "staff_welcome": "Welcome to Neuvo: set your password",
            "password_reset": "A new password",
            "recording_invitation": "Record prompts in your language",
        },
        "kinds": {
            "callback_missed": "Neuvo: We tried to call you three times but could not reach you. "
            "Call us: {phone}",
            "feedback": "Neuvo: Thank you for your session. How was it? "
            "Answer with one tap: {link}",
            "confirmation": "Neuvo: Your appointment is booked: {date} at {time}, {channel}. "
            "See or cancel: {link}",
            "reminder": "Neuvo reminder: your appointment is {date} at {time}, {channel}. {link}",
            "moved": "Neuvo: Your appointment has moved to {date} at {time}, {channel}. {link}",
            "cancelled": "Neuvo: Your appointment on {date} at {time} is cancelled. {link}",
            "interpreter_offer": "Neuvo: Interpreting ({language}) {date} at {time}, "
            "{minutes} min. Accept: {link}",
            "offer_withdrawn": "Neuvo: The interpreting on {date} at {time} is no longer offered.",
            "staff_confirmation": "Neuvo: New client appointment {date} at {time}, {channel}, "
            "language: {language}. The calendar invitation is attached.",
            "staff_moved": "Neuvo: Client appointment moved to {date} at {time}, {channel}, "
            "language: {language}. The updated invitation is attached.",
            "staff_cancelled": "Neuvo: The client appointment {date} at {time} is cancelled. "
            "The cancellation is attached.",
            "staff_interpreter_accepted": "Neuvo: An interpreter has accepted the interpreting "
            "({language}) on {date} at {time}, {channel}.",
            "staff_welcome": "You have an account in Neuvo, the booking and guidance service. "
            "Set your password with this link: {link}\n\nThe link works once, until {date} at "
            "{time}. Then you log in to the Neuvo console with your e-mail address and password.",
            "recording_invitation": "Neuvo: You are invited to record Neuvo's prompts in "
            "{language}, so that clients who cannot read can book by ear. Record on your "
            "phone with this link: {link} The link works until {date} at {time}.",
            "password_reset": "Someone (we hope you) asked for a new Neuvo password. "
            "Set a new password with this link: {link}\n\nThe link works once, until {date} at "
            "{time}. If you did not ask for it, ignore this message: your password stays as it is.",
        },
    },
    "ar": {
        "reviewed": False,
        "channels": {"video": "مكالمة فيديو", "phone": "مكالمة هاتفية", "in_person": "لقاء حضوري"},
        "subjects": {
            "callback_missed": "لم نتمكن من الوصول إليك",
            "feedback": "كيف كانت جلستك؟",
            "confirmation": "تم حجز موعدك",
            "reminder": "تذكير بموعدك",
            "moved": "تم تغيير موعدك",
            "cancelled": "تم إلغاء موعدك",
            "interpreter_offer": "عرض ترجمة",
            "offer_withdrawn": "تم سحب عرض الترجمة",
        },
        "kinds": {
            "callback_missed": "Neuvo: حاولنا الاتصال بك ثلاث مرات ولم نتمكن من الوصول إليك. "
            "اتصل بنا: {phone}",
            "feedback": "Neuvo: شكراً على جلستك. كيف كانت؟ أجب بلمسة واحدة: {link}",
            "confirmation": "Neuvo: تم حجز موعدك: {date} الساعة {time}، {channel}. "
            "للاطلاع أو الإلغاء: {link}",
            "reminder": "تذكير من Neuvo: موعدك {date} الساعة {time}، {channel}. {link}",
            "moved": "Neuvo: تم تغيير موعدك إلى {date} الساعة {time}، {channel}. {link}",
            "cancelled": "Neuvo: تم إلغاء موعدك {date} الساعة {time}. {link}",
            "interpreter_offer": "Neuvo: ترجمة ({language}) {date} الساعة {time}، "
            "{minutes} دقيقة. للقبول: {link}",
            "offer_withdrawn": "Neuvo: الترجمة {date} الساعة {time} لم تعد متاحة.",
        },
    },
    "so": {
        "reviewed": False,
        "channels": {
            "video": "wicitaan muuqaal",
            "phone": "wicitaan taleefan",
            "in_person": "kulan fool ka fool",
        },
        "subjects": {
            "callback_missed": "Kuma aanan helin",
            "feedback": "Sidee ayuu ahaa kulankaagu?",
            "confirmation": "Ballantaada waa la qabtay",
            "reminder": "Xusuusin ballantaada",
            "moved": "Ballantaada waa la beddelay",
            "cancelled": "Ballantaada waa la joojiyay",
            "interpreter_offer": "Dalab turjumaad",
            "offer_withdrawn": "Dalabka turjumaadda waa la joojiyay",
        },
        "kinds": {
            "callback_missed": "Neuvo: Saddex jeer ayaan ku soo wacnay laakiin kuma aanan helin. "
            "Na soo wac: {phone}",
            "feedback": "Neuvo: Waad ku mahadsan tahay kulanka. Sidee ayuu ahaa? "
            "Ku jawaab hal taabasho: {link}",
            "confirmation": "Neuvo: Ballantaada waa la qabtay: {date} saacadda {time}, "
            "{channel}. Eeg ama jooji: {link}",
            "reminder": "Neuvo xusuusin: ballantaadu waa {date} saacadda {time}, {channel}. {link}",
            "moved": "Neuvo: Ballantaada waa loo beddelay {date} saacadda {time}, {channel}. "
            "{link}",
            "cancelled": "Neuvo: Ballantaada {date} saacadda {time} waa la joojiyay. {link}",
            "interpreter_offer": "Neuvo: Turjumaad ({language}) {date} saacadda {time}, "
            "{minutes} daqiiqo. Aqbal: {link}",
            "offer_withdrawn": "Neuvo: Turjumaadda {date} saacadda {time} hadda lama heli karo.",
        },
    },
    "prs": {
        "reviewed": False,
        "channels": {"video": "تماس ویدیویی", "phone": "تماس تلفونی", "in_person": "ملاقات حضوری"},
        "subjects": {
            "callback_missed": "به شما دسترسی پیدا نکردیم",
            "feedback": "جلسه شما چطور بود؟",
            "confirmation": "وقت ملاقات شما ثبت شد",
            "reminder": "یادآوری وقت ملاقات",
            "moved": "وقت ملاقات شما تغییر کرد",
            "cancelled": "وقت ملاقات شما لغو شد",
            "interpreter_offer": "پیشنهاد ترجمانی",
            "offer_withdrawn": "پیشنهاد ترجمانی پس گرفته شد",
        },
        "kinds": {
            "callback_missed": "Neuvo: سه بار به شما زنگ زدیم اما به شما دسترسی پیدا نکردیم. "
            "به ما زنگ بزنید: {phone}",
            "feedback": "Neuvo: تشکر از جلسه شما. چطور بود؟ با یک لمس جواب بدهید: {link}",
            "confirmation": "Neuvo: وقت ملاقات شما ثبت شد: {date} ساعت {time}، {channel}. "
            "دیدن یا لغو: {link}",
            "reminder": "یادآوری Neuvo: وقت ملاقات شما {date} ساعت {time}، {channel}. {link}",
            "moved": "Neuvo: وقت ملاقات شما تغییر کرد: {date} ساعت {time}، {channel}. {link}",
            "cancelled": "Neuvo: وقت ملاقات شما {date} ساعت {time} لغو شد. {link}",
            "interpreter_offer": "Neuvo: ترجمانی ({language}) {date} ساعت {time}، "
            "{minutes} دقیقه. قبول: {link}",
            "offer_withdrawn": "Neuvo: ترجمانی {date} ساعت {time} دیگر در دسترس نیست.",
        },
    },
    "ckb": {
        "reviewed": False,
        "channels": {
            "video": "پەیوەندی ڤیدیۆیی",
            "phone": "پەیوەندی تەلەفۆنی",
            "in_person": "دیداری ڕووبەڕوو",
        },
        "subjects": {
            "callback_missed": "نەمانتوانی پەیوەندیت پێوە بکەین",
            "feedback": "دانیشتنەکەت چۆن بوو؟",
            "confirmation": "چاوپێکەوتنەکەت تۆمار کرا",
            "reminder": "بیرخستنەوەی چاوپێکەوتن",
            "moved": "چاوپێکەوتنەکەت گوازرایەوە",
            "cancelled": "چاوپێکەوتنەکەت هەڵوەشایەوە",
            "interpreter_offer": "پێشنیاری وەرگێڕان",
            "offer_withdrawn": "پێشنیاری وەرگێڕان کشایەوە",
        },
        "kinds": {
            "callback_missed": "Neuvo: سێ جار تەلەفۆنمان بۆ کردیت "
            "بەڵام نەمانتوانی پەیوەندیت پێوە بکەین. "
            "تەلەفۆنمان بۆ بکە: {phone}",
            "feedback": "N"
            "euvo: سوپاس بۆ دانیشتنەکە. چۆن بوو؟ بە یەک دەستلێدان وەڵام بدەرەوە: {link}",
            "confirmation": "Neuvo: چاوپێکەوتنەکەت تۆمار کرا: {date} کاتژمێر {time}، "
            "{channel}. بینین یان هەڵوەشاندنەوە: {link}",
            "reminder": "بیرخستنەوەی Neuvo: چاوپێکەوتنەکەت {date} کاتژمێر {time}، {channel}. "
            "{link}",
            "moved": "Neuvo: چاوپێکەوتنەکەت گوازرایەوە بۆ {date} کاتژمێر {time}، {channel}. {link}",
            "cancelled": "Neuvo: چاوپێکەوتنەکەت {date} کاتژمێر {time} هەڵوەشایەوە. {link}",
            "interpreter_offer": "Neuvo: وەرگێڕان ({language}) {date} کاتژمێر {time}، "
            "{minutes} خولەک. وەرگرتن: {link}",
            "offer_withdrawn": "Neuvo: وەرگێڕانی {date} کاتژمێر {time} چیتر بەردەست نییە.",
        },
    },
    "ti": {
        "reviewed": False,
        "channels": {"video": "ቪድዮ ጻውዒት", "phone": "ናይ ስልኪ ጻውዒት", "in_person": "ኣካላዊ ርክብ"},
        "subjects": {
            "callback_missed": "ክንረኽበኩም ኣይከኣልናን",
            "feedback": "ርክብኩም ከመይ ነይሩ?",
            "confirmation": "ቆጸራኹም ተመዝጊቡ",
            "reminder": "መዘኻኸሪ ቆጸራ",
            "moved": "ቆጸራኹም ተቐይሩ",
            "cancelled": "ቆጸራኹም ተሰሪዙ",
            "interpreter_offer": "ናይ ትርጉም ዕድል",
            "offer_withdrawn": "ናይ ትርጉም ዕድል ተሰሪዙ",
        },
        "kinds": {
            "callback_missed": "Neuvo: ሰለስተ ግዜ ደዊልናልኩም ግን ክንረኽበኩም ኣይከኣልናን። ደውሉልና፦ {phone}",
            "feedback": "Neuvo: ስለ ርክብኩም የቐንየልና። ከመይ ነይሩ? ብሓንሳብ ብምጥዋቕ መልሱ፦ {link}",
            "confirmation": "Neuvo: ቆጸራኹም ተመዝጊቡ: {date} ሰዓት {time}፣ {channel}። "
            "ንምርኣይ ወይ ንምስራዝ: {link}",
            "reminder": "Neuvo መዘኻኸሪ: ቆጸራኹም {date} ሰዓት {time}፣ {channel}። {link}",
            "moved": "Neuvo: ቆጸራኹም ናብ {date} ሰዓት {time} ተቐይሩ፣ {channel}። {link}",
            "cancelled": "Neuvo: ቆጸራኹም {date} ሰዓት {time} ተሰሪዙ። {link}",
            "interpreter_offer": "Neuvo: ትርጉም ({language}) {date} ሰዓት {time}፣ "
            "{minutes} ደቒቕ። ንምቕባል: {link}",
            "offer_withdrawn": "Neuvo: ትርጉም {date} ሰዓት {time} ደጊም የለን።",
        },
    },
    "uk": {
        "reviewed": False,
        "channels": {
            "video": "відеодзвінок",
            "phone": "телефонний дзвінок",
            "in_person": "зустріч",
        },
        "subjects": {
            "callback_missed": "Ми не змогли до вас додзвонитися",
            "feedback": "Як пройшла зустріч?",
            "confirmation": "Ваш запис підтверджено",
            "reminder": "Нагадування про запис",
            "moved": "Ваш запис перенесено",
            "cancelled": "Ваш запис скасовано",
            "interpreter_offer": "Пропозиція перекладу",
            "offer_withdrawn": "Пропозицію перекладу скасовано",
        },
        "kinds": {
            "callback_missed": "Neuvo: Ми тричі намагалися вам зателефонувати, "
            "але не змогли додзвонитися. "
            "Зателефонуйте нам: {phone}",
            "feedback": "Neuvo: Дякуємо за зустріч. Як вона пройшла? "
            "Дайте відповідь одним дотиком: {link}",
            "confirmation": "Neuvo: Ваш запис підтверджено: {date} о {time}, {channel}. "
            "Переглянути або скасувати: {link}",
            "reminder": "Neuvo нагадує: ваш запис {date} о {time}, {channel}. {link}",
            "moved": "Neuvo: Ваш запис перенесено на {date} о {time}, {channel}. {link}",
            "cancelled": "Neuvo: Ваш запис {date} о {time} скасовано. {link}",
            "interpreter_offer": "Neuvo: Переклад ({language}) {date} о {time}, {minutes} хв. "
            "Прийняти: {link}",
            "offer_withdrawn": "Neuvo: Переклад {date} о {time} більше не пропонується.",
        },
    },
    "ru": {
        "reviewed": False,
        "channels": {"video": "видеозвонок", "phone": "телефонный звонок", "in_person": "встреча"},
        "subjects": {
            "callback_missed": "Мы не смогли до вас дозвониться",
            "feedback": "Как прошла встреча?",
            "confirmation": "Вы записаны",
            "reminder": "Напоминание о встрече",
            "moved": "Ваша встреча перенесена",
            "cancelled": "Ваша встреча отменена",
            "interpreter_offer": "Предложение перевода",
            "offer_withdrawn": "Предложение перевода отозвано",
        },
        "kinds": {
            "callback_missed": "Neuvo: Мы трижды пытались вам позвонить, но не смогли дозвониться. "
            "Позвоните нам: {phone}",
            "feedback": "Neuvo: Спасибо за встречу. Как она прошла? "
            "Ответьте одним нажатием: {link}",
            "confirmation": "Neuvo: Вы записаны: {date} в {time}, {channel}. "
            "Посмотреть или отменить: {link}",
            "reminder": "Neuvo напоминает: ваша встреча {date} в {time}, {channel}. {link}",
            "moved": "Neuvo: Ваша встреча перенесена на {date} в {time}, {channel}. {link}",
            "cancelled": "Neuvo: Ваша встреча {date} в {time} отменена. {link}",
            "interpreter_offer": "Neuvo: Перевод ({language}) {date} в {time}, {minutes} мин. "
            "Принять: {link}",
            "offer_withdrawn": "Neuvo: Перевод {date} в {time} больше не предлагается.",
        },
    },
}
