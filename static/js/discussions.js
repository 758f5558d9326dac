// Drafts kept on the page: a reply or new discussion being written survives a reload or an
// accidental navigation. Progressive enhancement only: without JavaScript the forms work as usual.
const PREFIX = "pe-draft:";

function storage() {
  try {
    const probe = "__pe_probe__";
    window.localStorage.setItem(probe, probe);
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return null;
  }
}

function initDraft(form, store) {
  const key = PREFIX + form.dataset.draftKey;
  const fields = Array.from(form.querySelectorAll("textarea, input[type=text]"));
  const status = form.querySelector(".pe-draft-status");
  let saved = {};
  try {
    saved = JSON.parse(store.getItem(key) || "{}");
  } catch {
    saved = {};
  }
  let restored = false;
  for (const field of fields) {
    if (!field.value && typeof saved[field.name] === "string" && saved[field.name]) {
      field.value = saved[field.name];
      restored = true;
    }
  }
  if (restored && status) status.textContent = "We restored the draft you had not posted yet.";
  let timer = null;
  form.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const draft = {};
      for (const field of fields) draft[field.name] = field.value;
      store.setItem(key, JSON.stringify(draft));
      if (status) status.textContent = "Draft saved on this device.";
    }, 500);
  });
  form.addEventListener("submit", () => store.removeItem(key));
}

const store = storage();
if (store) {
  for (const form of document.querySelectorAll("form[data-draft-key]")) initDraft(form, store);
}
