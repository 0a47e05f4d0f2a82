/**
 * Progressive enhancement for the share block: every network is already a working link, so this
 * only reveals and wires the copy-link button, announcing the result to screen readers.
 */

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-sc-kind="copy"]')) {
  const status = button.closest('.sharecraft')?.querySelector('[role="status"]');
  const url = button.dataset.scUrl ?? location.href;
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(url).then(
      () => {
        if (status) status.textContent = 'Link copied';
      },
      () => {
        if (status) status.textContent = `Copy this link: ${url}`;
      },
    );
  });
}
