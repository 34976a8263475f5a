"""The app's look: theme, brand, About text, stylesheet and page script (kept in Python so they ship with it)."""

import gradio as gr

CSS = """
.pc-header { align-items: center; margin-bottom: .25rem; }
.pc-brand { display: flex; align-items: center; gap: .45rem; font-size: 1.45rem; font-weight: 700;
  letter-spacing: -.01em; white-space: nowrap; }
.pc-brand svg { color: var(--color-accent); }
.pc-brand small { font-size: .9rem; font-weight: 400; margin-left: .6rem; color: var(--body-text-color-subdued); }
.pc-stats { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: .3rem 1rem; font-size: .82rem;
  color: var(--body-text-color-subdued); }
.pc-stat b { color: var(--body-text-color); font-weight: 600; }
.pc-empty { border: 1px dashed var(--color-accent); border-radius: 12px; padding: .9rem 1.2rem;
  background: var(--color-accent-soft); margin-bottom: .6rem; }
.pc-empty h3 { margin: 0 0 .3rem 0; }
.pc-empty ul { margin: .3rem 0 0 1.2rem; }
.pc-filters { font-size: .85rem; margin-bottom: .6rem; color: var(--body-text-color-subdued); }
.pc-filters em { font-style: normal; font-size: .7rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--color-accent); margin-left: .25rem; }
.pc-muted { color: var(--body-text-color-subdued); }
.pc-empty-sources { color: var(--body-text-color-subdued); border: 1px dashed var(--border-color-primary);
  border-radius: 12px; padding: 2.5rem 1rem; text-align: center; font-size: .9rem; }
.pc-card { border: 1px solid var(--border-color-primary); border-radius: 12px; padding: .75rem .9rem;
  margin-bottom: .65rem; background: var(--background-fill-primary); box-shadow: 0 1px 2px rgba(15, 23, 42, .05);
  transition: box-shadow .4s ease, border-color .4s ease; }
.pc-card.pc-flash { border-color: var(--color-accent); box-shadow: 0 0 0 3px var(--color-accent-soft); }
.pc-head { display: flex; gap: .55rem; align-items: flex-start; }
.pc-n { flex: none; min-width: 1.5rem; text-align: center; background: var(--color-accent); color: #fff;
  border-radius: 7px; font-weight: 700; font-size: .78rem; line-height: 1.45rem; }
.pc-title { flex: 1; font-weight: 600; line-height: 1.35; }
.pc-score { flex: none; display: flex; align-items: center; gap: .3rem; font-size: .72rem;
  color: var(--body-text-color-subdued); font-variant-numeric: tabular-nums; margin-top: .2rem; }
.pc-note { font-size: .75rem; color: var(--body-text-color-subdued); margin: .2rem 0 .6rem 0; }
.pc-refusal { border-left: 4px solid #f59e0b; background: #fffbeb; padding: .5rem .8rem; border-radius: 6px;
  color: #78350f; }
.pc-refusal-note { font-weight: 600; color: #b45309; margin: 0 0 .5rem 0; }
.pc-bar { width: 42px; height: 6px; border-radius: 3px; background: var(--border-color-primary); overflow: hidden; }
.pc-bar span { display: block; height: 100%; background: var(--color-accent); }
.pc-meta { font-size: .8rem; color: var(--body-text-color-subdued); margin: .3rem 0 .45rem 0; line-height: 1.5; }
.pc-uncited .pc-meta { margin-bottom: .3rem; }
.pc-chip { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .74rem; line-height: 1.4rem;
  background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary);
  color: var(--body-text-color); }
.pc-snippet { font-size: .86rem; line-height: 1.5; margin: .35rem 0 .45rem 0; padding: .1rem 0 .1rem .7rem;
  border-left: 3px solid var(--color-accent-soft); color: var(--body-text-color); }
.pc-uncited { padding: .6rem .8rem; }
.pc-uncited .pc-title { font-weight: 500; font-size: .92rem; }
.pc-uncited .pc-snippet { border-left-color: var(--border-color-primary); font-size: .82rem; }
.pc-card mark, .pc-snippet mark { background: #fde68a; color: inherit; padding: 0 2px; border-radius: 3px; }
.pc-links a { font-size: .8rem; margin-right: .8rem; text-decoration: none; color: var(--color-accent); }
.pc-links a:hover { text-decoration: underline; }
details.pc-more > summary, details.pc-earlier > summary { cursor: pointer; font-size: .85rem; margin: .5rem 0;
  color: var(--body-text-color-subdued); }
details.pc-earlier { border-top: 1px solid var(--border-color-primary); padding-top: .3rem; margin-top: .6rem; }
#pc-sources { max-height: 640px; overflow-y: auto; padding-right: .2rem; }
#pc-chat a[href^="#source-"] { text-decoration: none; font-weight: 600; font-size: .85em; padding: 0 1px;
  color: var(--color-accent); }
#pc-chat a[href^="#source-"]:hover { text-decoration: underline; }
#pc-papers table, #pc-papers td, #pc-papers th, #pc-papers span, #pc-papers .cell-wrap {
  font-family: var(--font) !important; font-size: .84rem; }
.pc-chat-head { align-items: center; }
.pc-section { font-weight: 600; font-size: .95rem; color: var(--body-text-color-subdued); }
.pc-snippet, blockquote.pc-snippet { margin: .35rem 0 .45rem 0 !important; }
.pc-ingest p { margin: .3rem 0; }
.pc-ok { color: var(--color-green-600, #16a34a); }
.pc-error { color: var(--error-text-color, #dc2626); }
.pc-report { font-size: .85rem; border-top: 1px solid var(--border-color-primary); }
.pc-file { display: grid; grid-template-columns: 1.2rem minmax(0, 1fr) auto; gap: .5rem; padding: .3rem .2rem;
  border-bottom: 1px solid var(--border-color-primary); }
.pc-file b { font-weight: 500; color: var(--body-text-color); overflow-wrap: anywhere; }
.pc-file.pc-error { grid-template-columns: 1.2rem minmax(0, 1fr); }
.pc-file.pc-error span:last-child { grid-column: 2; }
.pc-paper h3 { margin: .4rem 0 .3rem 0; }
.pc-abstract { font-size: .9rem; line-height: 1.55; margin: .6rem 0; }
#pc-scope .pc-chip { margin-bottom: .4rem; }
.pc-undated { color: #b45309; margin-left: .4rem; }
.pc-chip-x { border: none; background: none; cursor: pointer; padding: 0 0 0 .35rem; font-size: .9rem;
  line-height: 1; color: var(--body-text-color-subdued); }
.pc-chip-x:hover, .pc-chip-x:focus-visible { color: var(--error-text-color, #dc2626); }
.pc-dropped { margin-left: .4rem; font-size: .8rem; }
.pc-searching { font-size: .85rem; color: var(--body-text-color-subdued); margin: 0 0 .5rem 0; }
.pc-inline-sources { display: none; font-size: .85rem; margin-top: .5rem; padding-top: .4rem;
  border-top: 1px solid var(--border-color-primary); }
.pc-inline-sources ul { margin: .2rem 0 0 0; padding-left: 1rem; }
#pc-markdown [data-testid="block-info"] { display: inline-block; max-width: calc(100% - 3rem); }  /* beside Copy */
#pc-scope:not(:has(.pc-chip)), #pc-pending:not(:has(.pc-chip)) { display: none !important; }
#pc-preview { position: fixed; z-index: 1000; width: 360px; max-width: calc(100vw - 16px); display: none;
  pointer-events: none; }
#pc-preview.pc-show { display: block; }
#pc-preview .pc-card { box-shadow: 0 8px 24px rgba(15, 23, 42, .18); margin: 0; }
.pc-summary { font-size: .9rem; color: var(--body-text-color-subdued); text-align: right; }
.pc-summary b { color: var(--body-text-color); }
@media (max-width: 640px) {
  .pc-brand small { display: none; }
  .pc-brand { font-size: 1.2rem; }
  #pc-chat { height: 38vh !important; min-height: 220px; }
  .pc-summary { text-align: left; }
  #pc-sources { max-height: none; }
  .pc-inline-sources { display: block; }
}
"""

# Clicking an [n] in an answer scrolls to its source card (opening collapsed earlier answers) and flashes it.
JS = """() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a[href^="#source-"]') : null;
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(link.getAttribute('href').slice(1));
    if (!card) return;
    for (let node = card.parentElement; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
    card.scrollIntoView({behavior: 'smooth', block: 'center'});
    card.classList.remove('pc-flash');
    void card.offsetWidth;
    card.classList.add('pc-flash');
    setTimeout(() => card.classList.remove('pc-flash'), 1800);
  }, true);
  // A filter chip's × names its action and presses the hidden button that carries it out.
  document.addEventListener('click', (event) => {
    const x = event.target.closest ? event.target.closest('.pc-chip-x') : null;
    if (!x) return;
    event.preventDefault();
    window.pcChipAction = x.dataset.action;
    const go = document.getElementById(x.dataset.action.startsWith('drop:') ? 'pc-chip-drop' : 'pc-chip-clear');
    if (go) go.click();
  });
  // Hovering or focusing an [n] previews its card beside the link.
  const preview = document.createElement('div');
  preview.id = 'pc-preview';
  preview.setAttribute('role', 'tooltip');
  document.body.appendChild(preview);
  const show = (event) => {
    const link = event.target.closest ? event.target.closest('a[href^="#source-"]') : null;
    if (!link) return;
    const card = document.getElementById(link.getAttribute('href').slice(1));
    if (!card) return;
    preview.innerHTML = card.outerHTML.replace(/ id="source-[^"]*"/, '');
    const box = link.getBoundingClientRect();
    const left = Math.min(box.left, window.innerWidth - 380);
    preview.style.left = Math.max(8, left) + 'px';
    preview.style.top = (box.bottom + 6) + 'px';
    preview.classList.add('pc-show');
  };
  const hide = (event) => {
    if (event.target.closest && event.target.closest('a[href^="#source-"]')) preview.classList.remove('pc-show');
  };
  document.addEventListener('mouseover', show);
  document.addEventListener('focusin', show);
  document.addEventListener('mouseout', hide);
  document.addEventListener('focusout', hide);
}"""

BRAND = (
    '<div class="pc-brand"><svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="M4 5.5A2.5 2.5 0 0 1 '
    '6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5zM4 20.5A2.5 2.5 0 0 0 6.5 23H20v-5M8 7h8M8 11h6"/></svg>'
    "paperchat<small>ask your papers, get cited answers</small></div>"
)
PRIVATE = {"api_visibility": "private"}  # page handlers: not part of the public API
ABOUT = (
    "paperchat answers from the indexed papers only and cites every claim with [n]; when the papers do not "
    "answer, it says so and shows the closest papers. Relevance on a card is its match with the question as a "
    "share of the answer's best passage. Scripts can use the API (`/ask`; `/ingest` and `/remove` for admins)."
)
THEME = gr.themes.Soft(
    primary_hue="indigo",
    neutral_hue="slate",
    font=["ui-sans-serif", "system-ui", "Segoe UI", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)
