// Type-ahead suggestions for search boxes (progressive enhancement: without JavaScript the
// boxes are ordinary GET forms). WAI-ARIA 1.2 combobox with a listbox popup.
const MIN_CHARS = 2;
const DELAY_MS = 150;

function enhance(input, index) {
  const endpoint = input.dataset.suggest || "/search/suggest/";
  const container = input.parentElement;
  container.classList.add("pe-suggest");
  const listId = `${input.id || "search"}-suggestions-${index}`;
  const list = document.createElement("ul");
  list.id = listId;
  list.className = "pe-suggest__list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Search suggestions");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  container.append(list, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    items = [];
    active = -1;
  }

  function highlight(next) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((option, i) => option.setAttribute("aria-selected", i === next ? "true" : "false"));
    active = next;
    if (next >= 0 && options[next]) {
      input.setAttribute("aria-activedescendant", options[next].id);
      options[next].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(suggestions) {
    list.replaceChildren();
    items = suggestions;
    active = -1;
    suggestions.forEach((suggestion, i) => {
      const option = document.createElement("li");
      option.id = `${listId}-${i}`;
      option.className = "pe-suggest__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      const label = document.createElement("span");
      label.textContent = suggestion.label;
      const kind = document.createElement("span");
      kind.className = "pe-suggest__kind";
      kind.textContent = ` ${suggestion.kind}`;
      option.append(label, kind);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        window.location.assign(suggestion.url);
      });
      list.append(option);
    });
    const open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = open ? `${suggestions.length} suggestion${suggestions.length === 1 ? "" : "s"} available` : "";
  }

  async function fetchSuggestions() {
    const text = input.value.trim();
    if (text.length < MIN_CHARS) {
      close();
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${endpoint}?q=${encodeURIComponent(text)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const data = await response.json();
      if (input.value.trim() === text) render(data.suggestions || []);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden && event.key !== "ArrowDown") return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden) fetchSuggestions();
      else highlight(Math.min(items.length - 1, active + 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(-1, active - 1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].url);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}

document.querySelectorAll("#header-search, input[data-suggest]").forEach(enhance);
