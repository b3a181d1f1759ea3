// @ts-check
// After a session, on the link page: one spoken question and three faces. Tap a face to hear
// it, tap its tick to send it; a comment only if the client types one.

import { $, el } from "./dom.js";
import { request } from "./http.js";
import { hear, markLanguage, prompt, renderPrompt } from "./ui.js";
import { choiceCard } from "./choices.js";

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
