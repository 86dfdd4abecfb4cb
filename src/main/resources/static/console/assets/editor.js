// Gratitude console: the template editor. CodeMirror 5 with a FreeMarker overlay on HTML,
// a debounced live preview rendered by the server, errors marked where they are, a contact
// picker, variables to insert and test sends. The textareas stay real form fields: without
// JavaScript the form still saves and publishes.
'use strict';
(function () {
	// A FreeMarker overlay: ${...} and #{...} interpolations, <#...> </#...> <@...> </@...>
	// directives (and their [#...] square-bracket forms), <#-- --> and [#-- --] comments.
	// Multi-line constructs carry on through the state.
	const OPENERS = /^(\$\{|#\{|<#--|\[#--|<\/?[#@]|\[\/?[#@])/;
	function readUntil(stream, state) {
		let ch;
		while ((ch = stream.next()) != null) {
			if (state.quote) {
				if (ch === '\\') { stream.next(); } else if (ch === state.quote) { state.quote = null; }
				continue;
			}
			if (ch === '"' || ch === "'") { state.quote = ch; continue; }
			if (state.close === '}' && ch === '{') { state.depth++; continue; }
			if (ch === state.close) {
				if (state.close === '}' && state.depth > 0) { state.depth--; continue; }
				const style = state.style;
				state.close = null;
				return style;
			}
		}
		return state.style;
	}
	const freemarkerOverlay = {
		startState: () => ({ comment: null, close: null, style: null, depth: 0, quote: null }),
		copyState: (s) => Object.assign({}, s),
		token(stream, state) {
			if (state.comment) {
				const end = state.comment;
				const at = stream.string.indexOf(end, stream.pos);
				if (at >= 0) { stream.pos = at + end.length; state.comment = null; } else { stream.skipToEnd(); }
				return 'fm-comment';
			}
			if (state.close) { return readUntil(stream, state); }
			if (stream.match('<#--')) { state.comment = '-->'; return 'fm-comment'; }
			if (stream.match('[#--')) { state.comment = '--]'; return 'fm-comment'; }
			if (stream.match('${') || stream.match('#{')) {
				Object.assign(state, { close: '}', style: 'fm-interpolation', depth: 0, quote: null });
				return readUntil(stream, state);
			}
			const directive = stream.match(/^(<|\[)\/?[#@]/);
			if (directive) {
				Object.assign(state, { close: directive[1] === '<' ? '>' : ']', style: 'fm-directive', depth: 0, quote: null });
				return readUntil(stream, state);
			}
			stream.next();
			while (!stream.eol() && !stream.match(OPENERS, false)) { stream.next(); }
			return null;
		},
	};
	function defineModes() {
		CodeMirror.defineMode('freemarker-html', (config) =>
			CodeMirror.overlayMode(CodeMirror.getMode(config, 'htmlmixed'), freemarkerOverlay));
		CodeMirror.defineMode('freemarker-text', (config) =>
			CodeMirror.overlayMode(CodeMirror.getMode(config, 'text/plain'), freemarkerOverlay));
	}

	document.addEventListener('DOMContentLoaded', () => {
		const page = document.querySelector('main.template-editor');
		if (!page || !window.CodeMirror || !window.Console) {
			return;
		}
		defineModes();
		const editors = {};
		let lastFocused = null;
		const render = Console.debounce(() => preview(), 400);
		document.querySelectorAll('#editor-form textarea[data-part]').forEach((area) => {
			const part = area.dataset.part;
			const label = document.querySelector('label[for="' + area.id + '"]');
			const cm = CodeMirror.fromTextArea(area, {
				mode: part === 'html' ? 'freemarker-html' : 'freemarker-text',
				lineNumbers: part !== 'subject',
				lineWrapping: true,
				gutters: part === 'subject' ? ['fm-errors'] : ['fm-errors', 'CodeMirror-linenumbers'],
				screenReaderLabel: label ? label.textContent : part,
				viewportMargin: part === 'subject' ? Infinity : 10,
				extraKeys: { Tab: false, 'Shift-Tab': false }, // keyboard users can leave the editor
			});
			cm.getWrapperElement().dataset.part = part;
			cm.getWrapperElement().classList.add('cm-' + part);
			if (label) {
				label.addEventListener('click', () => cm.focus());
			}
			cm.on('focus', () => { lastFocused = cm; });
			cm.on('change', () => { cm.save(); render(); });
			editors[part] = cm;
		});
		lastFocused = editors.html;

		// Variables: insert at the cursor of the editor last used.
		document.querySelectorAll('.variables [data-insert]').forEach((button) => {
			button.addEventListener('click', () => {
				const cm = lastFocused || editors.html;
				cm.replaceSelection(button.dataset.insert);
				cm.focus();
			});
		});

		// Preview options.
		const frame = document.querySelector('.preview-frame');
		const iframe = document.getElementById('preview-html');
		const textView = document.getElementById('preview-text');
		const press = (selector, active) => document.querySelectorAll(selector).forEach((b) =>
			b.setAttribute('aria-pressed', String(b === active)));
		document.querySelectorAll('[data-width]').forEach((button) => {
			if (button.tagName !== 'BUTTON') { return; }
			button.addEventListener('click', () => {
				frame.dataset.width = button.dataset.width;
				press('button[data-width]', button);
			});
		});
		document.querySelectorAll('[data-part-view]').forEach((button) => {
			button.addEventListener('click', () => {
				const html = button.dataset.partView === 'html';
				iframe.hidden = !html;
				textView.hidden = html;
				press('button[data-part-view]', button);
			});
		});

		// Whose data the preview (and a test send) uses: sample data or a chosen contact.
		let contactRef = null;
		const search = document.getElementById('contact-search');
		const results = document.getElementById('contact-results');
		const previewAs = document.getElementById('preview-as');
		const useSample = document.getElementById('use-sample');
		const choose = (ref, name) => {
			contactRef = ref;
			previewAs.textContent = ref ? 'Previewing as ' + name + ' (' + ref + ')' : 'Sample data (Ana Lima)';
			useSample.hidden = !ref;
			results.hidden = true;
			results.replaceChildren();
			preview();
		};
		useSample.addEventListener('click', () => { search.value = ''; choose(null, null); });
		const findContacts = Console.debounce(async () => {
			const q = search.value.trim();
			if (!q) { results.hidden = true; results.replaceChildren(); return; }
			const response = await fetch(page.dataset.contactsUrl + '?q=' + encodeURIComponent(q),
				{ credentials: 'same-origin', headers: { Accept: 'application/json' } });
			if (!response.ok) { return; }
			const found = await response.json();
			results.replaceChildren(...(found.length ? found.map((c) => {
				const item = document.createElement('li');
				const button = document.createElement('button');
				button.type = 'button';
				button.className = 'link-button';
				button.dataset.ref = c.ref;
				button.textContent = c.name + (c.email ? ' <' + c.email + '>' : '') + ' · ' + c.ref;
				button.addEventListener('click', () => choose(c.ref, c.name));
				item.append(button);
				return item;
			}) : [Object.assign(document.createElement('li'), { className: 'muted small', textContent: 'No client matches “' + q + '”.' })]));
			results.hidden = false;
		}, 250);
		search.addEventListener('input', findContacts);

		// The live preview.
		const errorsBox = document.getElementById('preview-errors');
		const errorList = document.getElementById('preview-error-list');
		const subjectView = document.getElementById('preview-subject');
		const status = document.getElementById('preview-status');
		const PART_NAMES = { subject: 'Subject', html: 'HTML body', text: 'Text body' };
		let marks = [];
		let sequence = 0;
		function clearMarks() {
			marks.forEach((undo) => undo());
			marks = [];
		}
		function markError(error) {
			const cm = editors[error.part];
			if (!cm) { return; }
			const line = Math.min(Math.max((error.line || 1) - 1, 0), cm.lastLine());
			const length = cm.getLine(line).length;
			let from = error.column > 0 ? Math.min(error.column - 1, length) : 0;
			let to = error.column > 0 ? Math.min(from + 1, length) : length;
			if (from === to && from > 0) { from -= 1; }
			const mark = cm.markText({ line, ch: from }, { line, ch: Math.max(to, from) }, {
				className: 'fm-error-mark',
				clearWhenEmpty: false,
				attributes: { 'data-line': String(line + 1), title: error.message },
			});
			const handle = cm.addLineClass(line, 'wrap', 'fm-error-line');
			const marker = document.createElement('span');
			marker.className = 'fm-error-marker';
			marker.textContent = '●';
			marker.title = error.message;
			cm.setGutterMarker(line, 'fm-errors', marker);
			marks.push(() => { mark.clear(); cm.removeLineClass(handle, 'wrap', 'fm-error-line'); cm.setGutterMarker(handle, 'fm-errors', null); });
		}
		function showErrors(errors) {
			clearMarks();
			errorList.replaceChildren(...errors.map((error) => {
				const item = document.createElement('li');
				const where = PART_NAMES[error.part] + (error.line > 0 ? ', line ' + error.line : '') + (error.column > 0 ? ', column ' + error.column : '');
				const jump = document.createElement('button');
				jump.type = 'button';
				jump.className = 'link-button';
				jump.textContent = where;
				jump.addEventListener('click', () => {
					const cm = editors[error.part];
					if (cm) { cm.focus(); cm.setCursor({ line: Math.max(error.line - 1, 0), ch: Math.max(error.column - 1, 0) }); }
				});
				item.append(jump, document.createTextNode(': ' + error.message));
				item.dataset.part = error.part;
				return item;
			}));
			errors.forEach(markError);
			errorsBox.hidden = errors.length === 0;
		}
		async function preview() {
			const mine = ++sequence;
			status.textContent = 'Rendering…';
			const { status: code, body } = await Console.postJson(page.dataset.previewUrl, {
				subject: editors.subject.getValue(),
				html: editors.html.getValue(),
				text: editors.text.getValue(),
				contactRef,
				locale: page.dataset.locale || null,
			});
			if (mine !== sequence) { return; }
			if (code === 200) {
				showErrors([]);
				subjectView.textContent = body.subject;
				iframe.srcdoc = body.html;
				textView.textContent = body.text;
				status.textContent = 'Preview up to date' + (contactRef ? ' (as ' + contactRef + ').' : ' (sample data).');
			}
			else if (code === 422 && body && body.errors) {
				showErrors(body.errors);
				status.textContent = 'The preview shows the last draft that rendered.';
			}
			else {
				showErrors([{ part: 'preview', line: 0, column: 0, message: (body && body.detail) || 'The preview failed (' + code + ').' }]);
				status.textContent = 'The preview failed.';
			}
		}
		PART_NAMES.preview = 'Preview';
		preview();

		// Test sends.
		const testForm = document.getElementById('test-send');
		const testResult = document.getElementById('test-result');
		testForm.addEventListener('submit', async (event) => {
			event.preventDefault();
			const to = document.getElementById('test-to');
			const button = document.getElementById('send-test');
			button.disabled = true;
			testResult.className = '';
			testResult.textContent = 'Sending…';
			try {
				const { status: code, body } = await Console.postJson(page.dataset.testUrl, { to: to.value, contactRef, locale: page.dataset.locale || null });
				if (code === 200) {
					testResult.className = 'alert alert-ok';
					testResult.textContent = 'Sent to ' + to.value + '. The mail server answered: ' + body.smtpCode + ' ' + body.smtpReply;
					to.removeAttribute('aria-invalid');
				}
				else {
					testResult.className = 'alert alert-error';
					testResult.textContent = (body && body.detail) || 'The test was not sent (' + code + ').';
					if (body && body.field === 'to') { to.setAttribute('aria-invalid', 'true'); }
				}
			}
			finally {
				button.disabled = false;
			}
		});
	});
})();
