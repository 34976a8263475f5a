"""The page script: what the browser does beyond Gradio (kept in Python so it ships with the app).

- an [n] scrolls to its source card (opening collapsed earlier answers) and flashes it;
- a filter chip's × names its action and presses the hidden button that carries it out;
- hovering or keyboard-focusing an [n] previews its card (not on touch screens, where a tap goes to the card);
- Copy on a message gives its plain text (an answer's with a reference list: render.plain_copy), not its markup;
- each message's screen-reader label is its text, not its Markdown and HTML;
- on a phone, a new question is scrolled to the top of the screen, so its answer is read from its first line, and
  the question row stays at the bottom of the screen.
"""

JS = r"""() => {
  const NARROW = window.matchMedia('(max-width: 640px)');
  // Gradio's container hides its overflow, which makes it the box a sticky element sticks in (it never scrolls);
  // clipped instead, the question row on a phone sticks to the bottom of the screen. (Gradio scopes page CSS
  // inside the container, so only the script can reach the container itself.)
  const root = document.querySelector('.gradio-container');
  if (root) root.style.overflow = 'clip';
  const HOVER = window.matchMedia('(hover: hover)');
  const preview = document.createElement('div');
  preview.id = 'pc-preview';
  preview.setAttribute('role', 'tooltip');
  document.body.appendChild(preview);
  const markerOf = (event) => event.target.closest ? event.target.closest('a[href^="#source-"]') : null;
  const cardOf = (link) => document.getElementById(link.getAttribute('href').slice(1));

  document.addEventListener('click', (event) => {
    const link = markerOf(event);
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    preview.classList.remove('pc-show');
    const card = cardOf(link);
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

  document.addEventListener('click', (event) => {
    const x = event.target.closest ? event.target.closest('.pc-chip-x') : null;
    if (!x) return;
    event.preventDefault();
    window.pcChipAction = x.dataset.action;
    const go = document.getElementById(x.dataset.action.startsWith('drop:') ? 'pc-chip-drop' : 'pc-chip-clear');
    if (go) go.click();
  });

  const show = (event) => {
    const link = markerOf(event);
    if (!link || (event.type === 'mouseover' && !HOVER.matches)) return;
    if (event.type === 'focusin' && !link.matches(':focus-visible')) return;  // a tap focuses too
    const card = cardOf(link);
    if (!card) return;
    preview.innerHTML = card.outerHTML.replace(/ id="source-[^"]*"/, '');
    const box = link.getBoundingClientRect();
    const left = Math.min(box.left, window.innerWidth - 380);
    preview.style.left = Math.max(8, left) + 'px';
    preview.style.top = (box.bottom + 6) + 'px';
    preview.classList.add('pc-show');
  };
  const hide = (event) => { if (markerOf(event)) preview.classList.remove('pc-show'); };
  document.addEventListener('mouseover', show);
  document.addEventListener('focusin', show);
  document.addEventListener('mouseout', hide);
  document.addEventListener('focusout', hide);

  // Gradio's Copy writes a message's content, markup and all; the content carries its plain text (render.plain_copy),
  // and that is what reaches the clipboard, through the clipboard API or the copy command alike.
  const PLAIN = /<div class="pc-copy" hidden>([^<]*)<\/div>/;
  const decode = (html) => {
    const area = document.createElement('textarea');
    area.innerHTML = html;
    return area.value;
  };
  const plainOf = (text) => {
    const found = PLAIN.exec(typeof text === 'string' ? text : '');
    return found ? decode(found[1]) : null;
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => write(plainOf(text) ?? text);
  }
  document.addEventListener('copy', (event) => {
    const area = document.activeElement;
    const plain = area && area.tagName === 'TEXTAREA' ? plainOf(area.value) : null;
    if (plain === null || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', plain);
    event.preventDefault();
  }, true);
  const plainText = (message) => {
    const kept = message.querySelector('.pc-copy');
    if (kept) return kept.textContent;
    const content = message.querySelector('.message-content') || message;
    return content.innerText.trim();
  };

  let questions = 0;
  const tidy = () => {
    const chat = document.getElementById('pc-chat');
    if (!chat) return;
    const messages = chat.querySelectorAll('[data-testid="bot"], [data-testid="user"]');
    messages.forEach((message) => {
      const who = message.dataset.testid === 'user' ? 'Your question' : 'Answer';
      const label = `${who}: ${plainText(message)}`;
      if (message.getAttribute('aria-label') !== label) message.setAttribute('aria-label', label);
    });
    const asked = chat.querySelectorAll('[data-testid="user"]');
    if (asked.length > questions && NARROW.matches) {
      asked[asked.length - 1].scrollIntoView({block: 'start'});
    }
    questions = asked.length;
  };
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; tidy(); });
  }).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,
                              attributeFilter: ['aria-label']});
}"""
