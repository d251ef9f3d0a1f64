"""The document reader: a Streamlit v2 component that shows a document's escaped text with its
entities marked and reports which mark was clicked, without reloading the page (a plain link
would start a new session and lose this session's uploads).

The HTML comes from geo.app.documents.document_html, where every byte of the document is
escaped; the script only attaches click handlers and scrolls to the linked sentence.
"""

from __future__ import annotations

from functools import cache
from typing import Any

CSS = """
.pa-doc { white-space: pre-wrap; line-height: 1.7; max-height: 560px; overflow-y: auto;
          padding: 8px 12px; border: 1px solid #ddd; border-radius: 4px; font-size: 15px; }
.pa-doc mark.pa-hl { background: #ffe58a; cursor: pointer; border-radius: 2px; }
.pa-doc mark.pa-hl:hover { background: #ffc53d; }
.pa-doc mark.pa-chosen { outline: 2px solid #d4380d; }
.pa-doc #pa-at::before { content: "▶"; color: #d4380d; margin-right: 2px; }  /* the linked sentence */
"""

JS = """
export default function (component) {
    const { data, setTriggerValue, parentElement } = component;
    let box = parentElement.querySelector(".pa-doc");
    if (!box) {
        box = document.createElement("div");
        box.className = "pa-doc";
        parentElement.appendChild(box);
    }
    box.innerHTML = data.html;  // escaped by the server: only its own <mark> and <span> tags
    box.querySelectorAll("mark.pa-hl").forEach((mark) => {
        if (mark.getAttribute("data-id") === data.chosen) { mark.classList.add("pa-chosen"); }
        mark.addEventListener("click", () => setTriggerValue("entity", mark.getAttribute("data-id")));
    });
    const at = box.querySelector("#pa-at");
    if (at) { at.scrollIntoView({ block: "center" }); }
}
"""


@cache
def _component() -> Any:
    import streamlit as st

    return st.components.v2.component("parkatlas_reader", css=CSS, js=JS)


def reader(html_text: str, key: str, on_entity: Any, chosen: str | None = None) -> Any:
    """Mount the reader; `on_entity` runs when a mark is clicked (the id is in the result)."""
    return _component()(data={"html": html_text, "chosen": chosen}, key=key, on_entity_change=on_entity)
