"""The preview's shell page, loaded once, and the application-world script that fills it."""

from __future__ import annotations

import html
import json

from editor.core.render import CONTENT_SECURITY_POLICY

ARTICLE_ID = "preview-article"
STYLESHEET_ID = "preview-stylesheet"

# Helpers installed into the application world (an isolated JavaScript world the article
# cannot reach: the page's main world has JavaScript disabled). They share the DOM with the
# page but not its globals, so nothing in the article can call or replace them.
APPLICATION_SCRIPT = """
(() => {
  'use strict';
  const ARTICLE_ID = __ARTICLE_ID__;
  const STYLESHEET_ID = __STYLESHEET_ID__;
  // Elements that act on the whole document instead of showing content: a meta refresh
  // navigates, a base re-points every relative URL, a link prefetches or preconnects.
  const DOCUMENT_LEVEL = 'meta, base, link';

  const article = () => document.getElementById(ARTICLE_ID);

  function parse(html) {
    // A template's content is inert: nothing loads, refreshes or runs while it is cleaned.
    const template = document.createElement('template');
    template.innerHTML = html;
    const content = template.content;
    for (const node of content.querySelectorAll(DOCUMENT_LEVEL)) node.remove();
    // A target asks for a new window, which the page refuses; without one a click reaches
    // the navigation hook, which hands the link to the system browser.
    for (const node of content.querySelectorAll('[target]')) node.removeAttribute('target');
    return content;
  }

  function morph(target, fresh) {
    // Replace only the top-level blocks that changed: untouched blocks keep their DOM, so
    // images do not reload and the scroll position does not jump while the writer types.
    const before = Array.from(target.childNodes);
    const after = Array.from(fresh.childNodes);
    let start = 0;
    while (start < before.length && start < after.length
           && before[start].isEqualNode(after[start])) start++;
    let endBefore = before.length;
    let endAfter = after.length;
    while (endBefore > start && endAfter > start
           && before[endBefore - 1].isEqualNode(after[endAfter - 1])) { endBefore--; endAfter--; }
    const anchor = endBefore < before.length ? before[endBefore] : null;
    for (let i = start; i < endBefore; i++) before[i].remove();
    const inserted = document.createDocumentFragment();
    for (let i = start; i < endAfter; i++) inserted.appendChild(after[i]);
    target.insertBefore(inserted, anchor);
  }

  window.articlePreview = {
    update(html, generation, replaceAll) {
      const fresh = parse(html);
      if (replaceAll) article().replaceChildren(fresh);
      else morph(article(), fresh);
      article().dataset.generation = String(generation);
      return generation;
    },
    setStylesheet(css) {
      document.getElementById(STYLESHEET_ID).textContent = css;
      return true;
    },
    scrollToLine(line) {
      let best = null;
      let bestLine = -1;
      let firstLine = Infinity;
      for (const node of article().querySelectorAll('[data-source-line]')) {
        const nodeLine = Number(node.getAttribute('data-source-line'));
        firstLine = Math.min(firstLine, nodeLine);
        // Strictly greater: of several blocks on one line, the outermost (first) wins.
        if (nodeLine <= line && nodeLine > bestLine) { best = node; bestLine = nodeLine; }
      }
      // On the body's first block, the page's top: the title above it stays in view.
      const top =
        best && bestLine > firstLine ? best.getBoundingClientRect().top + window.scrollY : 0;
      window.scrollTo(0, top);
      return top;
    },
    text() { return article().innerText; },
  };
})();
""".replace("__ARTICLE_ID__", json.dumps(ARTICLE_ID)).replace(
    "__STYLESHEET_ID__", json.dumps(STYLESHEET_ID)
)


def shell_html(stylesheet: str) -> str:
    """The page loaded once: the CSP, the stylesheet and the empty article container.

    Articles never become part of the loaded document: they arrive later through the
    application world, as do stylesheet changes.
    """
    # Written as "<\/", team CSS cannot end the style element early; CSS reads "\/" as "/".
    css = stylesheet.replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{html.escape(CONTENT_SECURITY_POLICY)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<style id="{STYLESHEET_ID}">\n{css}</style>\n</head>\n'
        f'<body>\n<article id="{ARTICLE_ID}" class="article"></article>\n</body>\n</html>\n'
    )


def call(function: str, *arguments: object) -> str:
    """A call of one ``articlePreview`` helper with JSON-encoded arguments."""
    # JSON is a subset of JavaScript (ES2019 and later), so any article text is a safe literal.
    encoded = ", ".join(json.dumps(argument, ensure_ascii=False) for argument in arguments)
    return f"articlePreview.{function}({encoded})"


def update_call(html_literal: str, generation: int, replace_all: bool) -> str:
    """The page's ``update`` call for HTML already encoded as a literal (see rendering.py)."""
    return f"articlePreview.update({html_literal}, {generation}, {json.dumps(replace_all)})"
