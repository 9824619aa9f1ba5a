// Completes the search box from /api/v1/suggest as the last word is typed: a listbox under the box
// (the ARIA combobox pattern), chosen by mouse or by keyboard (Up and Down move, Enter chooses,
// Escape closes). A word or an acronym replaces the last word; a force, theme or type adds its
// filter to the search instead and drops the typed word. Answers that arrive after a newer
// keystroke are ignored.
"use strict";

const SUGGEST_LIMIT = 8;

function setUpSuggestions(box, list, onFilter) {
  let shown = [];
  let active = -1;
  let asked = 0;

  const lastWord = () => {
    const match = /(^|\s)([^\s"()*:^~-][^\s"()*:^~]*)$/u.exec(box.value);
    return match ? match[2] : "";
  };

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    shown = [];
    active = -1;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  };

  const highlight = (index) => {
    active = index;
    for (const [at, option] of Array.from(list.children).entries()) option.setAttribute("aria-selected", String(at === index));
    if (index >= 0) box.setAttribute("aria-activedescendant", `q-suggestion-${index}`);
    else box.removeAttribute("aria-activedescendant");
  };

  const choose = (suggestion) => {
    const word = lastWord();
    const before = box.value.slice(0, box.value.length - word.length);
    close();
    if (suggestion.slug && suggestion.kind !== "acronym") {
      box.value = before.trim();
      onFilter(suggestion, box.value);
      return;
    }
    const text = suggestion.text.includes(" ") ? `"${suggestion.text}"` : suggestion.text;
    box.value = `${before}${text} `;
    box.focus();
  };

  const show = (suggestions) => {
    shown = suggestions;
    list.replaceChildren(
      ...suggestions.map((suggestion, index) => {
        const kind = suggestion.kind === "word" ? `${suggestion.documents} doc.` : suggestion.kind;
        const option = element("li", { role: "option", id: `q-suggestion-${index}`, "aria-selected": "false", className: `suggestion ${suggestion.kind}` }, element("span", { text: suggestion.text }), element("span", { className: "kind", text: kind }));
        // mousedown, not click: the box's blur would close the list first.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(suggestion);
        });
        return option;
      }),
    );
    list.hidden = suggestions.length === 0;
    box.setAttribute("aria-expanded", String(suggestions.length > 0));
    active = -1;
  };

  box.addEventListener("input", async () => {
    const word = lastWord();
    const ask = ++asked;
    if (word.length === 0 || word.length > 100) return close();
    try {
      const answer = await api(`/api/v1/suggest?${new URLSearchParams({ q: word, limit: String(SUGGEST_LIMIT) })}`);
      if (ask === asked) show(answer.suggestions);
    } catch (error) {
      if (ask === asked) close();
    }
  });

  box.addEventListener("keydown", (event) => {
    if (list.hidden || shown.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      // -1 is the box itself: moving past either end of the list returns to it.
      const next = active + (event.key === "ArrowDown" ? 1 : -1);
      highlight(next >= shown.length ? -1 : next < -1 ? shown.length - 1 : next);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(shown[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });

  box.addEventListener("blur", close);
}
