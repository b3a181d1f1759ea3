// @ts-check
// After a session, on the link page: one spoken question and three faces, first on the page
// (on screen without scrolling on a small phone). Tap a face to hear it, tap its tick to send
// it; a comment only if the client types one. On arrival the question and the faces are said
// once, as soon as the page may play sound (at once, or on the start control's tap).

import { $, el } from "./dom.js";
import { request } from "./http.js";
import { hear, markLanguage, prompt, renderPrompt } from "./ui.js";
import { choiceCard } from "./choices.js";
import { join, play } from "./speech.js";

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
 * Say the question and the faces, once per page: now when sound may play, else on the start
 * control's tap (start.js).
 * @param {string} code
 */
export function announceFeedback(code) {
  if (announced) return;
  announced = true;
  play(questionAndFaces(code));
}
