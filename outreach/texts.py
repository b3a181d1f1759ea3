"""The default texts of an invitation, per language, in plain language: short sentences,
one thing each. ``reviewed`` says whether a person who speaks the language has checked the
text; the others were machine translated and wait for that review (a campaign may replace
any text, and marks its own the same way). ``{service}`` is the service's name and
``{municipality}`` the municipality's; ``{link}`` (SMS only) the personal link; ``{phone}``
(a letter's ``call``) the organisation's number. Every half of a letter says the same: the
person *can* book (nothing is reserved for them).
"Neuvo" stays in Latin letters in every language, so that the sender is recognised.
"""

from typing import Any

LETTER: dict[str, dict[str, Any]] = {
    "fi": {
        "reviewed": True,
        "title": "Tervetuloa! Voit varata oman neuvonta-ajan",
        "body": "Muutit hiljattain kuntaan {municipality}. Kunta neuvoo maksutta "
        "asumisessa, työssä, opiskelussa, terveydessä ja lasten asioissa. "
        "Voit varata ajan: {service}. Tapaaminen voi olla puhelimessa, videolla tai paikan päällä. "
        "Saat apua omalla kielelläsi.",
        "how": "Skannaa koodi puhelimella tai kirjoita osoite:",
        "call": "Kysyttävää? Soita meille: {phone}",
    },
    "sv": {
        "reviewed": True,
        "title": "Välkommen! Du kan boka en egen tid för rådgivning",
        "body": "Du har nyss flyttat till {municipality}. Kommunen ger gratis råd om boende, "
        "arbete, studier, hälsa och barn. Du kan boka en tid: {service}. Mötet kan vara per "
        "telefon, video eller på plats. Du får hjälp på ditt eget språk.",
        "how": "Skanna koden med telefonen eller skriv adressen:",
        "call": "Frågor? Ring oss: {phone}",
    },
    "en": {
        "reviewed": True,
        "title": "Welcome! You can book your own time for advice",
        "body": "You have just moved to {municipality}. The municipality gives free advice on "
        "housing, work, studies, health and children. You can book a time: {service}. "
        "We can meet by phone, by video or in person. You get help in your own language.",
        "how": "Scan the code with your phone or type the address:",
        "call": "Questions? Call us: {phone}",
    },
    "ar": {
        "reviewed": False,
        "title": "أهلاً بك! يمكنك حجز موعد خاص بك للاستشارة",
        "body": "انتقلت مؤخراً إلى {municipality}. تقدم البلدية استشارة مجانية في السكن والعمل "
        "والدراسة والصحة وشؤون الأطفال. يمكنك حجز موعد: {service}. يمكن أن يكون اللقاء "
        "بالهاتف أو بالفيديو أو حضورياً. تحصل على المساعدة بلغتك.",
        "how": "امسح الرمز بهاتفك أو اكتب العنوان:",
        "call": "هل لديك أسئلة؟ اتصل بنا: {phone}",
    },
    "fa": {
        "reviewed": False,
        "title": "خوش آمدید! می‌توانید برای مشاوره وقت بگیرید",
        "body": "شما به‌تازگی به {municipality} نقل مکان کرده‌اید. شهرداری درباره مسکن، کار، "
        "تحصیل، سلامت و کودکان رایگان مشاوره می‌دهد. می‌توانید وقت بگیرید: {service}. "
        "دیدار می‌تواند تلفنی، تصویری یا حضوری باشد. به زبان خودتان کمک می‌گیرید.",
        "how": "کد را با تلفن اسکن کنید یا نشانی را بنویسید:",
        "call": "سؤالی دارید؟ با ما تماس بگیرید: {phone}",
    },
    "prs": {
        "reviewed": False,
        "title": "خوش آمدید! می‌توانید برای مشوره وقت بگیرید",
        "body": "شما به‌تازگی به {municipality} آمده‌اید. شاروالی درباره خانه، کار، تحصیل، "
        "صحت و اطفال رایگان مشوره می‌دهد. می‌توانید وقت بگیرید: {service}. ملاقات می‌تواند "
        "تلفونی، ویدیویی یا حضوری باشد. به زبان خود کمک می‌گیرید.",
        "how": "کود را با تلفون اسکن کنید یا آدرس را بنویسید:",
        "call": "سوالی دارید؟ به ما زنگ بزنید: {phone}",
    },
    "ckb": {
        "reviewed": False,
        "title": "بەخێربێیت! دەتوانیت کاتێک بۆ ڕاوێژ بگریت",
        "body": "تازە گواستوتەوە بۆ {municipality}. شارەوانی بە خۆڕایی ڕاوێژ دەدات لەسەر "
        "خانوو، کار، خوێندن، تەندروستی و منداڵان. دەتوانیت کاتێک بگریت: {service}. "
        "دیدار دەکرێت بە تەلەفۆن، ڤیدیۆ یان ڕووبەڕوو بێت. بە زمانی خۆت یارمەتی وەردەگریت.",
        "how": "کۆدەکە بە مۆبایلەکەت سکان بکە یان ناونیشانەکە بنووسە:",
        "call": "پرسیارت هەیە؟ پەیوەندیمان پێوە بکە: {phone}",
    },
    "ti": {
        "reviewed": False,
        "title": "እንቋዕ ብደሓን መጻእኩም! ንምኽሪ ናይ ባዕልኹም ግዜ ክትሕዙ ትኽእሉ",
        "body": "ናብ {municipality} ሓድሽ ገዓዝኩም። እቲ ምምሕዳር ብዛዕባ ገዛ፡ ስራሕ፡ ትምህርቲ፡ "
        "ጥዕናን ቆልዑን ብነጻ ምኽሪ ይህብ። ግዜ ክትሕዙ ትኽእሉ፦ {service}። ርክብ ብተሌፎን፡ ብቪድዮ "
        "ወይ ብኣካል ክኸውን ይኽእል። ብቋንቋኹም ሓገዝ ትረኽቡ።",
        "how": "ነቲ ኮድ ብተሌፎንኩም ስካን ግበሩ ወይ ነቲ ኣድራሻ ጽሓፉ፦",
        "call": "ሕቶ ኣለኩም? ደውሉልና፦ {phone}",
    },
    "so": {
        "reviewed": False,
        "title": "Soo dhawoow! Waxaad qabsan kartaa waqti talo",
        "body": "Waxaad dhawaan u soo guurtay {municipality}. Degmadu waxay bixisaa talo bilaash "
        "ah oo ku saabsan guriga, shaqada, waxbarashada, caafimaadka iyo carruurta. Waxaad "
        "qabsan kartaa waqti: {service}. Kulanku wuxuu noqon karaa telefoon, fiidiyoow ama "
        "fool ka fool. Waxaad caawimaad ku heleysaa luqaddaada.",
        "how": "Koodhka ku iskaan telefoonkaaga ama qor cinwaanka:",
        "call": "Su'aal ma qabtaa? Na soo wac: {phone}",
    },
    "uk": {
        "reviewed": False,
        "title": "Ласкаво просимо! Ви можете записатися на консультацію",
        "body": "Ви нещодавно переїхали до {municipality}. Муніципалітет безкоштовно радить "
        "щодо житла, роботи, навчання, здоров'я та дітей. Ви можете записатися: {service}. "
        "Зустріч може бути телефоном, відео або особисто. Ви отримаєте допомогу своєю мовою.",
        "how": "Відскануйте код телефоном або введіть адресу:",
        "call": "Є питання? Зателефонуйте нам: {phone}",
    },
    "ru": {
        "reviewed": False,
        "title": "Добро пожаловать! Вы можете записаться на консультацию",
        "body": "Вы недавно переехали в {municipality}. Муниципалитет бесплатно консультирует "
        "по вопросам жилья, работы, учёбы, здоровья и детей. Вы можете записаться: {service}. "
        "Встреча может быть по телефону, по видео или лично. Вам помогут на вашем языке.",
        "how": "Отсканируйте код телефоном или введите адрес:",
        "call": "Есть вопросы? Позвоните нам: {phone}",
    },
}

SMS: dict[str, dict[str, Any]] = {
    "fi": {
        "reviewed": True,
        "text": "Neuvo: Tervetuloa! Varaa maksuton neuvonta-aika omalla kielelläsi: {link}",
    },
    "sv": {
        "reviewed": True,
        "text": "Neuvo: Välkommen! Boka en gratis tid för rådgivning på ditt språk: {link}",
    },
    "en": {
        "reviewed": True,
        "text": "Neuvo: Welcome! Book a free advice session in your language: {link}",
    },
    "ar": {"reviewed": False, "text": "Neuvo: أهلاً بك! احجز موعد استشارة مجاني بلغتك: {link}"},
    "fa": {
        "reviewed": False,
        "text": "Neuvo: خوش آمدید! یک وقت مشاوره رایگان به زبان خودتان بگیرید: {link}",
    },
    "prs": {
        "reviewed": False,
        "text": "Neuvo: خوش آمدید! یک وقت مشوره رایگان به زبان خود بگیرید: {link}",
    },
    "ckb": {
        "reviewed": False,
        "text": "Neuvo: بەخێربێیت! کاتێکی ڕاوێژی خۆڕایی بە زمانی خۆت بگرە: {link}",
    },
    "ti": {"reviewed": False, "text": "Neuvo: እንቋዕ ብደሓን መጻእኩም! ብቋንቋኹም ናይ ነጻ ምኽሪ ግዜ ሓዙ፦ {link}"},
    "so": {
        "reviewed": False,
        "text": "Neuvo: Soo dhawoow! Qabso waqti talo bilaash ah oo luqaddaada ah: {link}",
    },
    "uk": {
        "reviewed": False,
        "text": "Neuvo: Вітаємо! Запишіться на безкоштовну консультацію своєю мовою: {link}",
    },
    "ru": {
        "reviewed": False,
        "text": "Neuvo: Добро пожаловать! Запишитесь на бесплатную консультацию "
        "на вашем языке: {link}",
    },
}
