// @ts-check
// This device's camera and microphone: asking for them, muting the microphone, dropping video on a weak link.

import { $ } from "../dom.js";
import { labelButton } from "../ui.js";
import { code, room, send } from "./state.js";

/**
 * The camera and microphone, asked for once; sound only when there is no camera.
 * @returns {Promise<MediaStream>}
 */
export async function media() {
  if (room.local) return room.local;
  try {
    room.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: !room.soundOnly });
  } catch {
    room.local = await navigator.mediaDevices.getUserMedia({ audio: true }); // no camera: sound only
    room.soundOnly = true;
  }
  $("self", HTMLVideoElement).srcObject = room.local;
  $("self").hidden = false; // an empty black box until the camera is asked for
  return room.local;
}

/** Turn the microphone off, or on again, and tell the room. */
export function toggleMute() {
  const on = $("mute").getAttribute("aria-pressed") !== "true";
  for (const track of room.local?.getAudioTracks() ?? []) track.enabled = !on;
  $("mute").setAttribute("aria-pressed", String(on));
  labelButton($("mute"), "speaker", code, on ? "room_mic_off" : "room_mic_on");
  send({ type: "mute", audio: !on, video: !room.soundOnly });
}

/** Weak link: stop sending video; speech is what matters. */
export function dropVideo() {
  room.soundOnly = true;
  for (const track of room.local?.getVideoTracks() ?? []) {
    track.stop();
    room.local.removeTrack(track);
  }
  for (const { pc } of room.peers.values()) {
    for (const sender of pc.getSenders()) if (sender.track?.kind === "video" || sender.track === null) sender.replaceTrack(null);
  }
  $("drop-video").hidden = true;
  send({ type: "mute", audio: $("mute").getAttribute("aria-pressed") !== "true", video: false });
}
