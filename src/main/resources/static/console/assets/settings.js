// Settings pages: copy a just-issued API key to the clipboard. No framework.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
	document.querySelectorAll('[data-copy]').forEach((button) => {
		button.hidden = !navigator.clipboard;
		button.addEventListener('click', async () => {
			const source = document.getElementById(button.dataset.copy);
			if (!source) {
				return;
			}
			try {
				await navigator.clipboard.writeText(source.textContent.trim());
				button.textContent = 'Copied';
			}
			catch (e) {
				button.textContent = 'Select the key and copy it';
			}
		});
	});
});
