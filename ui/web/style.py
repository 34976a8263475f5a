"""The app's look: theme, brand, About text and stylesheet (kept in Python so they ship with it); the page script is
in script.py."""

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
.pc-copy { display: none !important; }
#pc-chat button.pc-copied { color: var(--color-accent) !important; }
.pc-stopped { margin-top: .5rem; font-size: .85rem; color: #b45309; }
.pc-stopped-note { font-weight: 600; color: #b45309; margin: 0 0 .5rem 0; }
#pc-papers .virtual-row > :nth-child(3), #pc-papers th:nth-child(3) { white-space: nowrap; }
@media (max-width: 640px) {
  .pc-brand small { display: none; }
  .pc-brand { font-size: 1.2rem; }
  .pc-summary { text-align: left; }
  #pc-sources { max-height: none; }
  .pc-inline-sources { display: block; }
  /* The chat grows with its messages and the page scrolls: nothing is hidden inside a box of its own. */
  #pc-chat, #pc-chat .wrapper, #pc-chat [role="log"] { height: auto !important; max-height: none !important;
    overflow: visible !important; }
  #pc-chat { min-height: 120px; }
  #pc-ask-row { position: sticky; bottom: 0; z-index: 20; background: var(--body-background-fill);
    padding: .35rem 0; }
  /* The library table: title, authors, date and code, each wide enough to read (category and organisation are
     on each paper's page). Header, measuring row and virtual body rows all get the same widths. */
  #pc-papers { --pc-title-width: calc(100vw - 4.2rem - 20vw - 5.2rem - 2.9rem); }
  #pc-papers table, #pc-papers .virtual-body { width: max-content !important; }
  #pc-papers th:nth-child(4), #pc-papers td:nth-child(4), #pc-papers .virtual-row > :nth-child(4),
  #pc-papers th:nth-child(5), #pc-papers td:nth-child(5), #pc-papers .virtual-row > :nth-child(5) {
    display: none !important; }
  #pc-papers th:nth-child(1), #pc-papers td:nth-child(1),
  #pc-papers .virtual-row > :nth-child(1) { width: var(--pc-title-width) !important;
    min-width: var(--pc-title-width) !important; max-width: var(--pc-title-width) !important;
    flex: 0 0 var(--pc-title-width) !important; }
  #pc-papers th:nth-child(2), #pc-papers td:nth-child(2),
  #pc-papers .virtual-row > :nth-child(2) { width: 20vw !important;
    min-width: 20vw !important; max-width: 20vw !important; flex: 0 0 20vw !important; }
  #pc-papers th:nth-child(3), #pc-papers td:nth-child(3),
  #pc-papers .virtual-row > :nth-child(3) { width: 5.2rem !important;
    min-width: 5.2rem !important; max-width: 5.2rem !important; flex: 0 0 5.2rem !important; }
  #pc-papers th:nth-child(6), #pc-papers td:nth-child(6),
  #pc-papers .virtual-row > :nth-child(6) { width: 2.9rem !important;
    min-width: 2.9rem !important; max-width: 2.9rem !important; flex: 0 0 2.9rem !important; }
  #pc-papers .cell-menu-button { display: none; }
  #pc-papers th, #pc-papers .body-cell { word-break: normal; overflow-wrap: anywhere;
    box-sizing: border-box !important; }
  #pc-papers .cell-wrap { padding-left: .2rem !important; padding-right: .2rem !important; }
  #pc-papers th:nth-child(3) *, #pc-papers .virtual-row > :nth-child(3) * { white-space: nowrap !important; }
  #pc-papers table, #pc-papers td, #pc-papers th, #pc-papers span, #pc-papers .cell-wrap { font-size: .8rem; }
}
"""

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
