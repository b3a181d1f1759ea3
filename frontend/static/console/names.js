// @ts-check
// Names of things in the console language, from the API's records.

/**
 * A service's name in `lang`, else Finnish, else Swedish (the server ensures one of them).
 * @type {(service: { names: Record<string, string> }, lang: string) => string}
 */
export const serviceName = (service, lang) => service.names[lang] ?? service.names.fi ?? service.names.sv;

/**
 * A municipality's name in `lang` (Swedish where it has one, else the Finnish name).
 * @type {(m: { name_fi: string, name_sv?: string | null }, lang: string) => string}
 */
export const placeName = (m, lang) => (lang === "sv" ? m.name_sv || m.name_fi : m.name_fi);

/** @type {Map<string, Intl.DisplayNames>} */
const languageNames = new Map();
/**
 * A language's name in the console language, by CLDR (Intl.DisplayNames).
 * @param {string} code
 * @param {string} lang
 * @returns {string}
 */
export function languageName(code, lang) {
  if (!languageNames.has(lang)) languageNames.set(lang, new Intl.DisplayNames([lang], { type: "language" }));
  try {
    return languageNames.get(lang).of(code) ?? code;
  } catch {
    return code;
  }
}
