/**
 * The last two steps before a handout's HTML is written, both on the page as a real HTML parser
 * (parse5, the parser of jsdom and of the HTML standard's algorithm) reads it, never on its text:
 * {@link cleanHandoutHtml} takes out what an author may legitimately write but a handout must not
 * do (load a picture from the network, link to a script), and {@link assertSafeHtml} refuses the
 * page if anything that can run script or load a resource is left anywhere in it.
 *
 * @example
 * import { assertSafeHtml, cleanHandoutHtml } from "./html-safety";
 * const html = cleanHandoutHtml('<p><img src="https://example.org/x.png" alt="x"></p>');
 * assertSafeHtml(html, "01-perceptron-student"); // passes: the picture is a note now
 */
import { defaultTreeAdapter, html as HTML, parse, serialize } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];
type ParentNode = DefaultTreeAdapterMap["parentNode"];
type Template = DefaultTreeAdapterMap["template"];

/** Images a handout shows: embedded PNG, JPEG, GIF or WebP data, nothing fetched. */
const EMBEDDED_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/i;

/** Elements that run script, embed another page or load a resource however they are written. */
const FORBIDDEN_ELEMENTS = new Set([
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "portal",
  "base",
  "link",
  "form",
  // SVG: animation can set any attribute (a link's target too); foreignObject nests HTML
  "animate",
  "animatemotion",
  "animatetransform",
  "set",
  "foreignobject",
  "handler",
  "listener",
]);

/** Attributes that load, submit or navigate on their own (src is checked apart). */
const FORBIDDEN_ATTRIBUTES = new Set([
  "srcdoc",
  "srcset",
  "formaction",
  "action",
  "ping",
  "poster",
  "background",
  "lowsrc",
  "dynsrc",
  "codebase",
  "archive",
  "manifest",
  "http-equiv",
]);

/** What in a style attribute runs or loads something: animations fire events, url() fetches. */
const UNSAFE_STYLE =
  /animation|transition|url\s*\(|expression\s*\(|@import|behavior\s*:|binding|javascript:/i;
/** A url() to anything but an embedded data: URI or a fragment in the same page. */
const REMOTE_CSS_URL = /url\s*\(\s*["']?\s*(?!data:|#)/i;

/** True for a link a reader may follow: http(s), mailto, a fragment, or a plain relative path. */
export function safeHref(value: string): boolean {
  const v = value.trim();
  if (/^(https?:\/\/|mailto:|#)/i.test(v)) return true;
  const head = v.split(/[/?#]/, 1)[0];
  // eslint-disable-next-line no-control-regex -- control characters can hide a scheme from a check
  return !/[:&\\\s\x00-\x1f]/.test(head); // no scheme, no entity that could spell one
}

/** Every element below `node`, in document order, template contents included. */
function* elements(node: Node): Generator<Element> {
  const children: Node[] = "childNodes" in node ? node.childNodes : [];
  for (const child of children) {
    if (!("tagName" in child)) continue;
    yield child;
    yield* elements(child);
    if (child.tagName === "template")
      yield* elements(defaultTreeAdapter.getTemplateContent(child as Template));
  }
}

/** An attribute's full name, e.g. `xlink:href`. */
const attrName = (a: { name: string; prefix?: string }): string =>
  (a.prefix ? `${a.prefix}:${a.name}` : a.name).toLowerCase();

/** A short, quoted rendering of an attribute for messages. */
function describe(el: Element, name: string, value: string): string {
  const shown = value.length > 60 ? value.slice(0, 57) + "..." : value;
  return `<${el.tagName} ${name}="${shown}">`;
}

/** A note in place of a picture the handout does not load, naming where it would have come from. */
function imageNote(src: string): Element {
  const note = defaultTreeAdapter.createElement("span", HTML.NS.HTML, [
    { name: "class", value: "dlab-removed-image" },
  ]);
  const shown = src.length > 80 ? src.slice(0, 77) + "..." : src;
  defaultTreeAdapter.insertText(
    note,
    `[image not included, a handout loads nothing from the network: ${shown}]`,
  );
  return note;
}

/**
 * The page with every picture that is not embedded data replaced by a short note (a handout loads
 * nothing: a remote picture would tell its author who opened the handout, when), and every link
 * that could run script pointed at "#".
 * @example
 * cleanHandoutHtml('<a href="javascript:x">a</a>'); // '…<a href="#">a</a>…'
 */
export function cleanHandoutHtml(html: string): string {
  const doc = parse(html);
  const replace: Array<[Element, Element]> = [];
  for (const el of elements(doc)) {
    if (el.tagName === "img") {
      const src = el.attrs.find((a) => a.name === "src")?.value.trim() ?? "";
      if (!EMBEDDED_IMAGE.test(src)) replace.push([el, imageNote(src)]);
    }
    if (el.tagName === "a") {
      for (const a of el.attrs) if (attrName(a).endsWith("href") && !safeHref(a.value)) a.value = "#";
    }
  }
  for (const [old, note] of replace) {
    const parent = old.parentNode as ParentNode;
    parent.childNodes.splice(parent.childNodes.indexOf(old), 1, note);
    note.parentNode = parent;
  }
  return serialize(doc);
}

/** The first thing in an element that can run script or load a resource, or null. */
function problemIn(el: Element): string | null {
  const tag = el.tagName.toLowerCase();
  if (FORBIDDEN_ELEMENTS.has(tag)) return `a <${el.tagName}> element`;
  if (tag === "meta" && el.attrs.some((a) => a.name.toLowerCase() === "http-equiv"))
    return "a <meta http-equiv> element";
  if (tag === "style") {
    const css = el.childNodes.map((c) => ("value" in c ? c.value : "")).join("");
    if (/@import|expression\s*\(/i.test(css) || REMOTE_CSS_URL.test(css))
      return "a <style> element that loads or runs something (@import, url() or expression())";
  }
  for (const a of el.attrs) {
    const name = attrName(a);
    const value = a.value;
    if (name.startsWith("on")) return `an event handler ${describe(el, name, value)}`;
    if (FORBIDDEN_ATTRIBUTES.has(name)) return `the attribute ${describe(el, name, value)}`;
    if (name === "style" && UNSAFE_STYLE.test(value)) return `the style ${describe(el, name, value)}`;
    if (REMOTE_CSS_URL.test(value)) return `a url() in ${describe(el, name, value)}`;
    if (name === "src" && !EMBEDDED_IMAGE.test(value.trim()))
      return `a source that is not embedded data ${describe(el, name, value)}`;
    if (name === "href" || name === "xlink:href") {
      // links a reader follows are kept; anything else (SVG <use>, <image>) may only point inside the page
      const ok = tag === "a" ? safeHref(value) : value.trim().startsWith("#");
      if (!ok) return `the link ${describe(el, name, value)}`;
    }
  }
  return null;
}

/**
 * Throws when the page, as an HTML parser reads it, has anything that runs script or loads a
 * resource: a script-like element, any `on*` attribute, a style with an animation, url() or
 * expression(), a `src` that is not embedded image data, a link to a script.
 * @example
 * assertSafeHtml('<p onclick="x">a</p>', "t"); // throws: t: the HTML still has an event handler <p onclick="x">…
 */
export function assertSafeHtml(html: string, label: string): void {
  for (const el of elements(parse(html))) {
    const problem = problemIn(el);
    if (problem)
      throw new Error(`${label}: the HTML still has ${problem} after sanitising; refusing to write it`);
  }
}
