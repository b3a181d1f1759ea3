// @ts-check
// The video room, /room/<id>#t=<pass>&lang=<code>. The pass is in the fragment, which the
// browser never sends to any server: it travels only in the first signalling message.
// A mesh of up to four people; every prompt is spoken in the client's language; the
// connection state is in the status line (aria-live) and its data-connection-state.
// This module starts the page and wires its buttons; room/ holds the rest:
// state.js (the link, who is in), screens.js (sections, status, host's list, ends),
// mesh.js (signalling, peer connections), devices.js (camera, microphone), device-test.js.

import { $ } from "./dom.js";
import { request, sendRaw } from "./http.js";
import { labelButton, loadPrompts, markLanguage, prompt, setUpHelp } from "./ui.js";
import { useLanguage } from "./speech.js";
import { offerStart } from "./start.js";
import { code, pass, room, roomId, send } from "./room/state.js";
import { setState, show } from "./room/screens.js";
import { connect, finish } from "./room/mesh.js";
import { dropVideo, media, toggleMute } from "./room/devices.js";
import { endTest, startTest } from "./room/device-test.js";

/**
 * Whether the pass opens this room at all (the device-test route checks it the same way):
 * "yes", or the status that refused it.
 * @returns {Promise<"yes" | number>}
 */
async function passWorks() {
  const answer = await request("/api/v1/device-tests/ice-servers", { method: "POST", body: { token: pass } })
    .catch(() => ({ ok: false, status: 0 }));
  return answer.ok || answer.status === 0 || answer.status >= 500 ? "yes" : answer.status;
}

async function toPhone() {
  // A staff action: the console's cookie session and its CSRF token.
  try {
    await sendRaw("POST", `/api/v1/rooms/${roomId}/switch-to-phone`, "{}", { "Content-Type": "application/json" });
  } catch {
    setState($("status").dataset.connectionState, "room_lost");
  }
}

/** Words, buttons and the first screen; then the room, once the pass is known to open it. */
async function start() {
  useLanguage(code);
  offerStart(code);
  document.documentElement.lang = code;
  await loadPrompts(code).catch(() => {});
  markLanguage(document.documentElement, prompt(code, "room_ready"));
  labelButton($("join"), "camera", code, "room_join");
  labelButton($("test"), "check", code, "room_test");
  labelButton($("sound-only"), "speaker", code, "room_sound_only");
  labelButton($("test-end"), "back", code, "room_test_end");
  labelButton($("mute"), "speaker", code, "room_mic_on");
  labelButton($("drop-video"), "speaker", code, "room_sound_only");
  labelButton($("leave"), "cross", code, "room_leave");
  labelButton($("to-phone"), "handset", code, "room_to_phone");
  setUpHelp(code, () => "room");
  show("ready", "room_ready"); // said on the start control's tap (start.js)
  if (!pass) return finish("room_denied");
  const works = await passWorks();
  if (works !== "yes") return finish(works === 409 || works === 410 ? "room_not_open" : "room_denied");
  $("join").addEventListener("click", async () => {
    try {
      await media();
    } catch {
      return setState("failed", "room_no_devices");
    }
    connect();
  });
  $("test").addEventListener("click", startTest);
  $("test-end").addEventListener("click", endTest);
  $("sound-only").addEventListener("click", () => {
    room.soundOnly = !room.soundOnly;
    $("sound-only").setAttribute("aria-pressed", String(room.soundOnly));
  });
  $("mute").addEventListener("click", toggleMute);
  $("drop-video").addEventListener("click", dropVideo);
  $("leave").addEventListener("click", () => {
    send({ type: "leave" });
    finish("room_closed");
  });
  $("to-phone").addEventListener("click", toPhone);
  addEventListener("pagehide", () => room.socket?.close(1000));
}

start();
