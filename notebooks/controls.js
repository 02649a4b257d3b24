// Form controls for the interactive notebooks: plain <select> elements
// (Observable Inputs would load from a CDN, which offline pages must not).

/** A labelled <select name=NAME>; options are [value, text] pairs. */
export function select(name, label, options, value, onChange) {
  const wrap = document.createElement("label");
  wrap.className = "coordsim-control";
  wrap.style.cssText = "display:inline-flex;flex-direction:column;gap:2px;margin:0 16px 8px 0;font:13px system-ui,sans-serif";
  wrap.append(label);
  const el = document.createElement("select");
  el.name = name;
  el.style.cssText = "font:inherit;padding:2px 4px;max-width:320px";
  for (const [v, text] of options) el.append(new Option(text, v, false, v === value));
  el.value = value;
  el.addEventListener("change", () => onChange(el.value));
  wrap.append(el);
  return { wrap, el };
}

/**
 * An interactive page's frame: a root <div class=CLASS> holding a form for the
 * controls (never submitted) and a body the charts are drawn into.
 */
export function controlledView(className) {
  const root = document.createElement("div");
  root.className = className;
  const controls = document.createElement("form");
  controls.className = "coordsim-controls";
  controls.addEventListener("submit", (e) => e.preventDefault());
  const body = document.createElement("div");
  root.append(controls, body);
  return { root, controls, body };
}
