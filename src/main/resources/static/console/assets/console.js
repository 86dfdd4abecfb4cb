// Gratitude console: the small behaviour every page shares. No framework.
'use strict';
(function () {
	// CSRF for fetch(): the token Spring Security put in the page's <meta> tags.
	const meta = (name) => document.querySelector('meta[name="' + name + '"]')?.content;
	window.Console = {
		csrfHeaders() {
			const header = meta('_csrf_header');
			const token = meta('_csrf');
			return header && token ? { [header]: token } : {};
		},
		// POST JSON to the console and return {status, body}; body is parsed JSON when it is JSON.
		async postJson(url, data) {
			const response = await fetch(url, {
				method: 'POST',
				credentials: 'same-origin',
				headers: Object.assign({ 'Content-Type': 'application/json', 'Accept': 'application/json' }, Console.csrfHeaders()),
				body: JSON.stringify(data),
			});
			const type = response.headers.get('Content-Type') || '';
			const body = type.includes('json') ? await response.json() : await response.text();
			return { status: response.status, body };
		},
		debounce(fn, ms) {
			let timer;
			return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
		},
	};

	document.addEventListener('DOMContentLoaded', () => {
		// The phone menu.
		const toggle = document.querySelector('.nav-toggle');
		const nav = document.getElementById('sidenav');
		if (toggle && nav) {
			toggle.addEventListener('click', () => {
				const open = nav.classList.toggle('open');
				toggle.setAttribute('aria-expanded', String(open));
			});
		}
		// Forms that change something hard to undo ask first: <form data-confirm="Erase Ana?">.
		document.querySelectorAll('form[data-confirm]').forEach((form) => {
			form.addEventListener('submit', (event) => {
				if (!window.confirm(form.dataset.confirm)) {
					event.preventDefault();
				}
			});
		});
		// Selects that navigate on change (filters): <select data-submit-on-change>.
		document.querySelectorAll('[data-submit-on-change]').forEach((control) => {
			control.addEventListener('change', () => control.form && control.form.requestSubmit());
		});
	});
})();
