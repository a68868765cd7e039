// The console's editor: a click on an error at a line of the edited file (a link to that line of
// the numbered text, which works without this script) also puts the textarea's caret on that line.
document.querySelectorAll('a.error-at[data-line]').forEach(link => {
  link.addEventListener('click', event => {
    const text = document.getElementById('text');
    if (!text) {
      return;
    }
    event.preventDefault();
    const line = Number(link.dataset.line);
    const lines = text.value.split('\n');
    let start = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) {
      start += lines[i].length + 1;
    }
    const end = start + (lines[line - 1] ?? '').length;
    text.focus();
    text.setSelectionRange(start, end);
    // scroll the textarea so the line shows: the lines above it times the height of a line
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 16;
    text.scrollTop = Math.max(0, (line - 3) * lineHeight);
  });
});
