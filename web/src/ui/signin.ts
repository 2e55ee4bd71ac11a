/** The sign-in page: password, then the one-time code or the initial-password change when asked. */
import { t } from "../i18n";
import { changePasswordAndSignIn, signIn, type SignInResult } from "../session";
import { h } from "./dom";

export function signInPage(onSignedIn: () => void, langButton: HTMLElement): HTMLElement {
  const message = h("p", { class: "message", role: "alert", "aria-live": "assertive", id: "signin-message" });
  const user = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const pass = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const otp = h("input", { id: "otp", name: "otp", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: 6 });
  const otpRow = h("div", { class: "row", hidden: true }, h("label", { for: "otp" }, t("otp")), otp);
  const next = h("input", { id: "new-password", type: "password", autocomplete: "new-password", minlength: 8 });
  const again = h("input", { id: "confirm-password", type: "password", autocomplete: "new-password", minlength: 8 });
  const changeRows = h("fieldset", { class: "change", hidden: true },
    h("legend", {}, t("changePassword")),
    h("div", { class: "row" }, h("label", { for: "new-password" }, t("newPassword")), next),
    h("div", { class: "row" }, h("label", { for: "confirm-password" }, t("confirmPassword")), again));
  const submit = h("button", { type: "submit", class: "primary" }, t("signIn"));
  let restricted: string | null = null;

  const show = (r: SignInResult) => {
    message.textContent = "";
    if (r.kind === "ok") return onSignedIn();
    if (r.kind === "mfa") { otpRow.hidden = false; otp.required = true; message.textContent = t("otpNeeded"); otp.focus(); return; }
    if (r.kind === "change-password") {
      restricted = r.restricted; changeRows.hidden = false; next.required = again.required = true;
      submit.textContent = t("save"); next.focus(); return;
    }
    message.textContent = t(r.message);
  };

  const form = h("form", {
    class: "signin", "aria-describedby": "signin-message",
    onsubmit: async (e: Event) => {
      e.preventDefault();
      submit.disabled = true;
      try {
        if (restricted) {
          if (next.value !== again.value) { message.textContent = t("passwordsDiffer"); return; }
          show(await changePasswordAndSignIn(restricted, user.value.trim(), pass.value, next.value));
        } else {
          show(await signIn(user.value.trim(), pass.value, otp.value.trim() || undefined));
        }
      } finally { submit.disabled = false; }
    },
  },
  h("div", { class: "row" }, h("label", { for: "username" }, t("username")), user),
  h("div", { class: "row" }, h("label", { for: "password" }, t("password")), pass),
  otpRow, changeRows, message, submit);

  return h("main", { id: "main", class: "signin-page" },
    h("header", { class: "signin-head" }, h("h1", {}, t("title")), langButton),
    h("p", { class: "subtitle" }, t("subtitle")), form);
}
