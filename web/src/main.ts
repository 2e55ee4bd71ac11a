/** The ops centre: sign-in page until a staff token is held, then the live overview. */
import "./style.css";
import { lang, setLang, t } from "./i18n";
import { LiveClient, type LiveState } from "./live";
import { currentClaims, onSignOut, signOut, token } from "./session";
import { Dashboard } from "./ui/dashboard";
import { alertsDetail, camerasDetail, careDetail, casesDetail, projectsDetail, tourismDetail } from "./ui/details";
import { h } from "./ui/dom";
import { LatestOnly } from "./shaping/latest";

const root = document.getElementById("app")!;
let live: LiveClient | null = null;
let liveState: LiveState = "off";
let dashboard: Dashboard | null = null;
const renders = new LatestOnly();

function langButton(): HTMLElement {
  return h("button", { type: "button", class: "lang", title: t("languageLabel"), lang: lang() === "en" ? "zh-CN" : "en",
    onclick: () => { setLang(lang() === "en" ? "zh-CN" : "en"); void render(); } }, t("language"));
}

function replace(content: HTMLElement): void {
  const focusedId = document.activeElement instanceof HTMLElement ? document.activeElement.id || document.activeElement.dataset.subdistrict : undefined;
  root.replaceChildren(h("a", { href: "#main", class: "skip" }, t("skip")), content);
  if (focusedId) (document.getElementById(focusedId) ?? root.querySelector<HTMLElement>(`[data-subdistrict="${focusedId}"]`))?.focus();
}

async function render(): Promise<void> {
  const current = renders.begin();
  document.title = t("title");
  if (!token() || !dashboard) {
    replace(signInPage());
    return;
  }
  const route = location.hash.replace(/^#/, "") || "/";
  const [path, query] = route.split("?");
  const liveLabel = liveState === "live" ? t("live") : liveState === "off" ? t("liveConfigured") : t("liveOff");
  const header = h("header", { class: "top" },
    h("div", {}, h("h1", {}, t("title")), h("p", { class: "subtitle" }, t("subtitle"))),
    h("div", { class: "who" },
      h("span", { class: `live ${liveState}`, role: "status", "data-live": liveState }, liveLabel),
      h("span", {}, currentClaims()?.dept ?? ""), langButton(),
      h("button", { type: "button", onclick: () => signOut() }, t("signOut"))));
  let main: HTMLElement;
  if (path === "/cases") main = await casesDetail(new URLSearchParams(query), dashboard.subdistricts);
  else if (path === "/alerts") main = await alertsDetail();
  else if (path === "/tourism") main = await tourismDetail(new URLSearchParams(query));
  else if (path === "/cameras") main = await camerasDetail(new URLSearchParams(query), dashboard.subdistricts);
  else if (path === "/projects") main = await projectsDetail(new URLSearchParams(query));
  else if (path === "/care") main = await careDetail(new URLSearchParams(query), dashboard.subdistricts);
  else main = dashboard.view();
  if (!current()) return; // a later render (another route, a re-read) has drawn or will draw
  replace(h("div", { class: "shell" }, header, h("main", { id: "main", tabindex: "-1" }, main)));
  if (path === "/" ) dashboard.afterRender();
}

import { signInPage as buildSignIn } from "./ui/signin";
function signInPage(): HTMLElement {
  return buildSignIn(() => void start(), langButton());
}

async function start(): Promise<void> {
  dashboard = new Dashboard(() => void render());
  await render();
  // The live stream first, then the panels' reads: the stream starts at the streams' current
  // end, so an event published while the panels load is both delivered and in what they read,
  // never in neither (and the page is live however long the panels take).
  live = new LiveClient({
    event: (e) => dashboard?.onEvent(e.type, e.data),
    state: (s) => { liveState = s; void render(); },
  });
  live.start();
  await dashboard.load();
}

onSignOut(() => { live?.stop(); live = null; dashboard = null; location.hash = ""; void render(); });
window.addEventListener("hashchange", () => void render());
setLang(new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh-CN");
void render();
