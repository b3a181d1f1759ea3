// Names of things in the console language, from the API's records.

/** A service's name in `lang`, else Finnish, else Swedish (the server ensures one of them). */
export const serviceName = (service, lang) => service.names[lang] ?? service.names.fi ?? service.names.sv;

/** A municipality's name in `lang` (Swedish where it has one, else the Finnish name). */
export const placeName = (m, lang) => (lang === "sv" ? m.name_sv || m.name_fi : m.name_fi);

const languageNames = new Map();
/** A language's name in the console language, by CLDR (Intl.DisplayNames). */
export function languageName(code, lang) {
  if (!languageNames.has(lang)) languageNames.set(lang, new Intl.DisplayNames([lang], { type: "language" }));
  try {
    return languageNames.get(lang).of(code) ?? code;
  } catch {
    return code;
  }
}
