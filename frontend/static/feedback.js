// @ts-check
// After a session, on the link page: one spoken question and three faces, first on the page
// (on screen without scrolling on a small phone). Tap a face to hear it, tap its tick to send
// it; a comment only if the client types one. On arrival the question and the faces are said
// once, as soon as the page may play sound (at once, or after the first tap or key).

import { $, el } from "./dom.js";
import { request } from "./http.js";
import { hear, markLanguage, prompt, renderPrompt } from "./ui.js";
import { choiceCard } from "./choices.js";
import { isUnlocked, join, play } from "./speech.js";

const FACES = ["good", "okay", "bad"];

/**
 * Ask for feedback when `data` allows it; `done(view)` gets the booking as it then is.
 * @param {string} code
 * @param {{ can_give_feedback?: boolean, [more: string]: any }} data the booking as the client link shows it
 * @param {string} address the client link's API address
 * @param {(view: any) => void} done
 */
export function showFeedback(code, data, address, done) {
  const box = $("feedback");
  box.hidden = !data.can_give_feedback;
  if (box.hidden) return;
  // The question comes first, above the session's summary: the faces are what the client came for.
  box.closest("section")?.querySelector(".top")?.after(box);
  renderPrompt($("feedback-prompt"), "feedback_q", code);
  const comment = prompt(code, "feedback_comment");
  markLanguage($("comment-text"), comment).textContent = comment.text;
  $("faces").replaceChildren(...FACES.map((face) => {
    const found = prompt(code, `feedback_${face}`);
    return choiceCard({
      code,
      pictogram: face,
      content: markLanguage(el("span", { class: "label name" }, found.text), found),
      toPlay: () => hear(code, `feedback_${face}`),
      onChoose: async () => {
        const body = { score: face };
        const typed = $("comment", HTMLTextAreaElement).value.trim();
        if (typed) body.comment = typed;
        const answer = await request(`${address}/feedback`, { method: "POST", body }).catch(() => ({ ok: false, status: 0, data: null }));
        if (answer.ok) done(answer.data);
      },
      testid: `face-${face}`,
    });
  }));
}

let announced = false;

/**
 * The question and the three faces as one thing to hear.
 * @param {string} code
 */
const questionAndFaces = async (code) => join(await hear(code, "feedback_q"), ...(await Promise.all(FACES.map((face) => hear(code, `feedback_${face}`)))));

/**
 * Say the question and the faces, once per page: now when sound may play, else on the first
 * tap or key (a tap on a face or a button says that instead, and the question waits no more).
 * @param {string} code
 */
export function announceFeedback(code) {
  if (announced) return;
  announced = true;
  if (isUnlocked()) {
    play(questionAndFaces(code));
    return;
  }
  /** @param {Event} event */
  const first = (event) => {
    removeEventListener("pointerdown", first, true);
    removeEventListener("keydown", first, true);
    if (event.target instanceof Element && event.target.closest("button, a, textarea")) return; // it speaks for itself
    setTimeout(() => play(questionAndFaces(code)), 0); // after speech.js has allowed sound
  };
  addEventListener("pointerdown", first, true);
  addEventListener("keydown", first, true);
}
