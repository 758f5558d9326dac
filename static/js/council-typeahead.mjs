// Type-ahead for the council picker. Without JavaScript the form still works (GET /benchmarking/?council=…)
// and browsers offer the native datalist. With it, matching councils are listed as links under the input.
const MAX_SUGGESTIONS = 8;

function enhance(form) {
  const input = form.querySelector("input[name=council]");
  const datalist = input && document.getElementById(input.getAttribute("list"));
  if (!datalist) return;
  const councils = Array.from(datalist.options).map((option) => ({
    name: option.value,
    gss: option.dataset.gss || option.textContent.trim(),
  }));
  input.removeAttribute("list");
  const status = document.createElement("p");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.id = `${input.id}-status`;
  const list = document.createElement("ul");
  list.className = "pe-typeahead__list";
  list.id = `${input.id}-suggestions`;
  list.setAttribute("aria-label", "Matching councils");
  input.insertAdjacentElement("afterend", list);
  list.insertAdjacentElement("afterend", status);

  const render = () => {
    const query = input.value.trim().toLowerCase();
    list.replaceChildren();
    if (query.length < 2) {
      status.textContent = "";
      return;
    }
    const matches = councils
      .filter((c) => c.name.toLowerCase().includes(query) || c.gss.toLowerCase() === query)
      .sort((a, b) => a.name.toLowerCase().indexOf(query) - b.name.toLowerCase().indexOf(query))
      .slice(0, MAX_SUGGESTIONS);
    for (const council of matches) {
      const item = document.createElement("li");
      item.className = "pe-typeahead__item";
      const link = document.createElement("a");
      link.className = "govuk-link";
      link.href = `/benchmarking/${encodeURIComponent(council.gss)}/`;
      link.textContent = council.name;
      item.append(link);
      list.append(item);
    }
    status.textContent = matches.length
      ? `${matches.length} matching council${matches.length === 1 ? "" : "s"}: use Tab to move to them`
      : "No matching councils";
  };
  input.addEventListener("input", render);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && list.firstElementChild) {
      event.preventDefault();
      list.querySelector("a").focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const current = document.activeElement.closest("li");
    if (!current) return;
    if (event.key === "ArrowDown" && current.nextElementSibling) {
      event.preventDefault();
      current.nextElementSibling.querySelector("a").focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (current.previousElementSibling ? current.previousElementSibling.querySelector("a") : input).focus();
    } else if (event.key === "Escape") {
      input.focus();
      list.replaceChildren();
    }
  });
}

document.querySelectorAll("form[data-module=pe-council-typeahead]").forEach(enhance);
