package io.gratitude.template;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.sun.management.ThreadMXBean;
import freemarker.core.BuiltInGuards;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.ParseException;
import freemarker.core.ParserConfiguration;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.core._CoreAPI;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Renders staff-written FreeMarker templates in a sandbox (DESIGN invariant 6).
 * <p>
 * What a template can do:
 * <ul>
 * <li>see plain data only: maps, lists, strings, numbers and booleans from the model; any
 * other Java object fails the render when the template touches it, so no methods, classes
 * or class loaders are reachable;</li>
 * <li>not instantiate classes ({@code ?new}), not reach the Java API ({@code ?api}), not
 * build code at run time ({@code ?eval}, {@code ?interpret}) and not use inline lambdas;
 * these are rejected at parse time, and {@code ?new}/{@code ?api} are also locked in the
 * FreeMarker configuration;</li>
 * <li>include or import only the owner's own published templates, named by key in quotes
 * ({@code <#include "footer">}); they are found on the calling thread before the render
 * begins ({@link Library}), compiled and limited as any template, and FreeMarker gets
 * nothing else (there is no template loader);</li>
 * <li>run for at most {@link TemplateLimits#renderTimeout()}, allocate at most
 * {@link TemplateLimits#maxRenderAllocation()} bytes and produce at most
 * {@link TemplateLimits#maxOutput()} characters per part; each part's source is at most
 * {@link TemplateLimits#maxTemplateSize()} bytes;</li>
 * <li>give no built-in more work than it can do well within that time, checked before it
 * starts ({@link BuiltInBounds}), and no number of more than
 * {@value BoundedArithmetic#MAX_DIGITS} digits ({@link BoundedArithmetic}).</li>
 * </ul>
 * The HTML body is rendered with HTML auto-escaping; the subject and text body are plain
 * text. Numbers and dates format in English, in UTC.
 * <p>
 * <b>How the time limit works.</b> Every compiled template gets FreeMarker's thread
 * interruption checks (at each loop iteration and each macro or function call), and a
 * check before each guarded built-in ({@link BuiltInGuards}). Rendering runs on one of a
 * fixed pool of daemon threads ({@link RenderPool}:
 * {@link TemplateLimits#renderThreads()}, with {@link TemplateLimits#renderQueue()}
 * waiting; beyond that, requests get {@link RendersBusy} and sends wait); the caller
 * waits up to the timeout from when the render starts and then cancels, which interrupts
 * the render thread, which stops at its next check. Work inside a single built-in cannot
 * be interrupted, which is why it is bounded before it starts: a cancelled render stops
 * within one bounded step.
 * <p>
 * <b>How the memory limit works.</b> While it waits, the caller looks every millisecond
 * at how many bytes the render thread has allocated since the render began (the JVM
 * counts them per thread) and cancels the render the same way once they pass
 * {@link TemplateLimits#maxRenderAllocation()}. A string doubled in a loop or a recursive
 * function is so stopped within about one step past the limit. Statements without a loop
 * between them are not interruptible: a chain of them (the billion laughs) is stopped by
 * the output limit, or fails on its own thread with an {@link OutOfMemoryError}, which
 * rejects the template.
 * <p>
 * This class is thread-safe.
 */
@Component
public class SandboxedRenderer implements MeterBinder, AutoCloseable {

	/** About 1000 versions' compiled templates stay in memory. */
	static final int CACHE_CAPACITY = 1000;

	private static final Pattern LINE_BREAKS_AND_CONTROLS = Pattern.compile("[\\s\\p{Cc}\\p{Zl}\\p{Zp}]+");

	/**
	 * How often a caller waiting for a render looks at what the render has allocated.
	 */
	private static final long LOOK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/**
	 * The JVM's per-thread allocation counter (HotSpot has one, on by default), or null
	 * where there is none: then only the time and output limits hold.
	 */
	private static final @Nullable ThreadMXBean ALLOCATIONS = allocationCounter();

	/** Most templates one message may include, directly or through others. */
	static final int MAX_INCLUDED = 20;

	private final TemplateLimits limits;

	private final Library library;

	private final PlainDataWrapper wrapper = PlainDataWrapper.forModel();

	private final BuiltInBounds bounds;

	private final Configuration configuration;

	private final TemplateConfiguration htmlParsing;

	private final Map<String, CompiledMessage> compiledByKey = Collections
		.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, CompiledMessage> eldest) {
				return size() > CACHE_CAPACITY;
			}

		});

	private final RenderPool renderThreads;

	/**
	 * A renderer whose templates include nothing ({@code #include} and {@code #import}
	 * find no template).
	 * @param limits time and size limits applied to every check and render
	 */
	public SandboxedRenderer(TemplateLimits limits) {
		this(limits, (partnerId, key, locale) -> Optional.empty());
	}

	/**
	 * @param limits time and size limits applied to every check and render
	 * @param library where a partner's templates find the templates they include
	 */
	@Autowired
	public SandboxedRenderer(TemplateLimits limits, Library library) {
		this.limits = limits;
		this.library = library;
		this.bounds = new BuiltInBounds(limits);
		this.configuration = sandboxConfiguration(PlainDataWrapper.forResults());
		this.htmlParsing = new TemplateConfiguration();
		this.htmlParsing.setParentConfiguration(this.configuration);
		this.htmlParsing.setOutputFormat(HTMLOutputFormat.INSTANCE);
		this.renderThreads = new RenderPool(limits);
	}

	private static @Nullable ThreadMXBean allocationCounter() {
		if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean threads
				&& threads.isThreadAllocatedMemorySupported()) {
			if (!threads.isThreadAllocatedMemoryEnabled()) {
				threads.setThreadAllocatedMemoryEnabled(true);
			}
			return threads;
		}
		return null;
	}

	private static Configuration sandboxConfiguration(PlainDataWrapper wrapper) {
		Configuration configuration = new IncludingConfiguration();
		configuration.setObjectWrapper(wrapper);
		configuration.setArithmeticEngine(new BoundedArithmetic());
		// not SAFER_RESOLVER: that still allows classes that are harmless only in theory
		configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		configuration.setAPIBuiltinEnabled(false);
		// No template loader: #include and #import get only the templates found for the
		// render beforehand (IncludingConfiguration).
		configuration.setTemplateLoader(null);
		configuration.setLocalizedLookup(false);
		configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
		configuration.setLogTemplateExceptions(false);
		// a template must not be able to flood our logs through #attempt
		configuration.setAttemptExceptionReporter((exception, environment) -> {
		});
		configuration.setWrapUncheckedExceptions(true);
		configuration.setOutputFormat(PlainTextOutputFormat.INSTANCE);
		configuration.setDefaultEncoding(StandardCharsets.UTF_8.name());
		configuration.setLocale(Locale.ENGLISH);
		configuration.setTimeZone(TimeZone.getTimeZone("UTC"));
		return configuration;
	}

	/**
	 * Parses all three parts, as when staff save a template. Has no side effects (nothing
	 * is cached).
	 * @param source the template to check
	 * @throws TemplateRejected for a syntax error, a part larger than
	 * {@link TemplateLimits#maxTemplateSize()}, or a construct the sandbox forbids (see
	 * the class description); errors a template only meets while rendering (a missing
	 * value, a Java object in the model) are reported by {@link #render} instead
	 */
	public void check(TemplateSource source) {
		compile(source);
	}

	/**
	 * Renders one message.
	 * <p>
	 * Compiled templates are cached by {@code cacheKey}, which must identify an immutable
	 * template version (e.g. the version's id): a key seen before is never parsed again,
	 * even if {@code source} differs, and is never invalidated. The least recently used
	 * of about {@value #CACHE_CAPACITY} entries are dropped.
	 * @param cacheKey id of the immutable template version that {@code source} holds
	 * @param source the template; parsed only when {@code cacheKey} is not cached
	 * @param model the values templates see (see docs/templates.md); only maps (with
	 * string keys), lists, strings, numbers, booleans and {@code null} (missing) values
	 * are visible, any other value fails the render where a template touches it
	 * @return the rendered message; its subject is a single line
	 * @throws TemplateRejected on any parse or render error, when rendering takes longer
	 * than {@link TemplateLimits#renderTimeout()} or allocates more than
	 * {@link TemplateLimits#maxRenderAllocation()}, or when a part's output exceeds
	 * {@link TemplateLimits#maxOutput()}
	 * @throws CancellationException if the calling thread is interrupted while waiting
	 * (its interrupt flag stays set)
	 */
	public RenderedMessage render(String cacheKey, TemplateSource source, Map<String, ?> model) {
		return render(null, cacheKey, source, model);
	}

	/**
	 * Renders one of a partner's templates, as
	 * {@link #render(String, TemplateSource, Map)}, with what it includes: each
	 * {@code #include "key"} or {@code #import "key" as x} gets the same part of the
	 * partner's published template {@code key}, in the owner's language if that template
	 * has it, else its base variant. The included templates are found here, on the
	 * calling thread, before rendering begins.
	 * @param owner whose template this is; {@code null}: it includes nothing
	 * @throws TemplateRejected also when it includes, directly or through others, more
	 * than {@value #MAX_INCLUDED} templates, or includes one the partner has not
	 * published
	 */
	public RenderedMessage render(@Nullable Owner owner, String cacheKey, TemplateSource source, Map<String, ?> model) {
		return render(owner, cacheKey, source, model, this.library, RenderPool.Admission.REFUSE_WHEN_FULL);
	}

	/**
	 * Renders a message that is being sent, as
	 * {@link #render(Owner, String, TemplateSource, Map)}, but when every render thread
	 * and queue place is taken it waits for one instead of refusing: a send is never lost
	 * to a busy pool.
	 * @throws CancellationException if the calling thread is interrupted while waiting
	 */
	public RenderedMessage renderForSending(Owner owner, String cacheKey, TemplateSource source, Map<String, ?> model) {
		return render(owner, cacheKey, source, model, this.library, RenderPool.Admission.WAIT_FOR_ROOM);
	}

	/**
	 * Renders one of a partner's templates as
	 * {@link #render(Owner, String, TemplateSource, Map)} would once {@code candidate} is
	 * published: where an include would get the variant of {@code candidate.key()} that
	 * {@code candidate} replaces (or none is published yet), it gets {@code candidate}.
	 * For publishing, to try the templates that include the one being published.
	 * @param owner whose template this is
	 * @param candidate a version of one of the owner's templates, not published yet
	 */
	public RenderedMessage renderWith(Owner owner, String cacheKey, TemplateSource source, Map<String, ?> model,
			PublishedTemplate candidate) {
		Library library = (partnerId, key, locale) -> {
			Optional<PublishedTemplate> published = this.library.find(partnerId, key, locale);
			boolean replaced = key.equals(candidate.key())
					&& published.map(PublishedTemplate::locale).orElse(candidate.locale()).equals(candidate.locale());
			return replaced ? Optional.of(candidate) : published;
		};
		return render(owner, cacheKey, source, model, library, RenderPool.Admission.REFUSE_WHEN_FULL);
	}

	/**
	 * The keys of every template this one includes, directly or through the owner's
	 * published templates, whether the owner has published them or not.
	 * @throws TemplateRejected when a template on the way does not parse, or there are
	 * more than {@value #MAX_INCLUDED}
	 */
	public Set<String> includedKeys(Owner owner, String cacheKey, TemplateSource source) {
		Set<String> looked = new LinkedHashSet<>();
		includedBy(owner, compiledFor(cacheKey, source), this.library, looked);
		return looked;
	}

	private RenderedMessage render(@Nullable Owner owner, String cacheKey, TemplateSource source, Map<String, ?> model,
			Library library, RenderPool.Admission admission) {
		Objects.requireNonNull(cacheKey, "cacheKey");
		Objects.requireNonNull(model, "model");
		CompiledMessage compiled = compiledFor(cacheKey, source);
		RenderJob job = new RenderJob(compiled, includedBy(owner, compiled, library, new HashSet<>()),
				this.wrapper.wrapRoot(model), maxOutputChars());
		RenderedMessage rendered = runWithinLimits(job, admission);
		return new RenderedMessage(singleLine(rendered.subject()), rendered.html(), rendered.text());
	}

	/**
	 * The compiled templates that {@code compiled} includes, directly or through others,
	 * by key, as {@code library} finds them; a key the owner has no published template
	 * for is left out, and fails the render only where an {@code #include} of it runs.
	 * Every key looked for is added to {@code looked}.
	 */
	private Map<String, CompiledMessage> includedBy(@Nullable Owner owner, CompiledMessage compiled, Library library,
			Set<String> looked) {
		if (compiled.includes().isEmpty() || owner == null) {
			return Map.of();
		}
		Map<String, CompiledMessage> found = new HashMap<>();
		Deque<String> pending = new ArrayDeque<>(compiled.includes());
		while (!pending.isEmpty()) {
			String key = pending.pop();
			if (!looked.add(key)) {
				continue;
			}
			if (looked.size() > MAX_INCLUDED) {
				throw new TemplateRejected("html", 0, 0,
						"a message may include at most " + MAX_INCLUDED + " templates, directly or through others");
			}
			Optional<PublishedTemplate> template = library.find(owner.partnerId(), key, owner.locale());
			if (template.isPresent()) {
				CompiledMessage included = compiledFor(template.get().cacheKey(), template.get().source());
				found.put(key, included);
				pending.addAll(included.includes());
			}
		}
		return found;
	}

	/**
	 * Renders one message from a source that is not a stored version (an unsaved draft in
	 * the console's live preview): parsed every time and never cached, so that typing
	 * does not push stored versions out of the cache. Same limits and errors as
	 * {@link #render}.
	 * @param source the template
	 * @param model the values templates see, as for {@link #render}
	 * @return the rendered message; its subject is a single line
	 * @throws TemplateRejected as {@link #render}
	 */
	public RenderedMessage renderUncached(TemplateSource source, Map<String, ?> model) {
		return renderUncached(null, source, model);
	}

	/**
	 * Renders an unsaved draft of one of a partner's templates, with what it includes (as
	 * {@link #render(Owner, String, TemplateSource, Map)}); never cached.
	 * @param owner whose template this is; {@code null}: it includes nothing
	 */
	public RenderedMessage renderUncached(@Nullable Owner owner, TemplateSource source, Map<String, ?> model) {
		Objects.requireNonNull(model, "model");
		CompiledMessage compiled = compile(source);
		compiled.makeInterruptible();
		RenderedMessage rendered = runWithinLimits(
				new RenderJob(compiled, includedBy(owner, compiled, this.library, new HashSet<>()),
						this.wrapper.wrapRoot(model), maxOutputChars()),
				RenderPool.Admission.REFUSE_WHEN_FULL);
		return new RenderedMessage(singleLine(rendered.subject()), rendered.html(), rendered.text());
	}

	private CompiledMessage compiledFor(String cacheKey, TemplateSource source) {
		CompiledMessage cached = this.compiledByKey.get(cacheKey);
		if (cached != null) {
			return cached;
		}
		// Parsed outside the lock so that one slow parse does not hold up every
		// render; two threads may parse the same version at once, harmlessly.
		CompiledMessage compiled = compile(source);
		compiled.makeInterruptible();
		CompiledMessage raced = this.compiledByKey.putIfAbsent(cacheKey, compiled);
		return (raced != null) ? raced : compiled;
	}

	private CompiledMessage compile(TemplateSource source) {
		Set<String> includes = new LinkedHashSet<>();
		Template subject = compilePart(source.name(), Part.SUBJECT, source.subject(), includes);
		Template html = compilePart(source.name(), Part.HTML, source.html(), includes);
		Template text = compilePart(source.name(), Part.TEXT, source.text(), includes);
		return new CompiledMessage(subject, html, text, Set.copyOf(includes));
	}

	/**
	 * Parses and checks one part, adding the keys of the templates it includes to
	 * {@code includes}.
	 */
	private Template compilePart(String name, Part part, String text, Set<String> includes) {
		long size = text.getBytes(StandardCharsets.UTF_8).length;
		long maxSize = this.limits.maxTemplateSize().toBytes();
		if (size > maxSize) {
			throw new TemplateRejected(part.label(), 0, 0,
					"the template is " + size + " bytes long, more than the " + maxSize + " allowed");
		}
		Template template;
		try {
			template = new Template(name + " " + part.label(), null, new StringReader(text), this.configuration,
					parsingFor(part), null);
		}
		catch (ParseException ex) {
			throw new TemplateRejected(part.label(), ex.getLineNumber(), ex.getColumnNumber(), ex.getEditorMessage(),
					ex);
		}
		catch (IOException ex) {
			// reading a StringReader does not fail
			throw new UncheckedIOException(ex);
		}
		catch (StackOverflowError ex) {
			// FreeMarker's parser is recursive; 64 KB of nesting can overflow it
			throw new TemplateRejected(part.label(), 0, 0, "the template is nested too deeply", ex);
		}
		includes.addAll(ForbiddenConstructs.rejectIfPresent(template, part.label()));
		try {
			BuiltInGuards.install(template, this.bounds);
		}
		catch (BuiltInBounds.NotCalled ex) {
			throw ex.in(part.label());
		}
		if (part == Part.HTML
				&& !(template.getOutputFormat() instanceof HTMLOutputFormat && template.getAutoEscaping())) {
			// <#ftl output_format=...> or <#ftl auto_esc=false>: every value in the HTML
			// part is escaped, whatever the template says.
			throw new TemplateRejected(part.label(), 1, 1,
					"the HTML part escapes every value; another output format or auto_esc=false is not allowed");
		}
		return template;
	}

	private @Nullable ParserConfiguration parsingFor(Part part) {
		// null: the Configuration's settings, i.e. plain text
		return (part == Part.HTML) ? this.htmlParsing : null;
	}

	private RenderedMessage runWithinLimits(RenderJob job, RenderPool.Admission admission) {
		Duration timeout = this.limits.renderTimeout();
		long maxAllocation = this.limits.maxRenderAllocation().toBytes();
		Future<RenderedMessage> rendering;
		try {
			rendering = this.renderThreads.submit(job, admission);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			CancellationException cancelled = new CancellationException("interrupted while waiting to render");
			cancelled.initCause(ex);
			throw cancelled;
		}
		try {
			while (true) {
				long started = job.startedAt();
				if (started == RenderJob.NOT_STARTED) {
					// Waiting for a render thread: the time limit counts from the start.
					try {
						return rendering.get(LOOK_EVERY_NANOS, TimeUnit.NANOSECONDS);
					}
					catch (TimeoutException ex) {
						continue;
					}
				}
				long left = started + timeout.toNanos() - System.nanoTime();
				try {
					return rendering.get(Math.max(0, Math.min(left, LOOK_EVERY_NANOS)), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					// Cancelling interrupts the render thread, which stops at its next
					// interruption check.
					if (left <= LOOK_EVERY_NANOS) {
						rendering.cancel(true);
						throw new TemplateRejected(job.currentPart().label(), 0, 0,
								"rendering took longer than " + humanReadable(timeout));
					}
					if (job.allocatedBytes() > maxAllocation && !rendering.isDone()) {
						rendering.cancel(true);
						throw new TemplateRejected(job.currentPart().label(), 0, 0, "rendering allocated more than "
								+ humanReadable(this.limits.maxRenderAllocation()) + " of memory");
					}
				}
			}
		}
		catch (InterruptedException ex) {
			rendering.cancel(true);
			Thread.currentThread().interrupt();
			CancellationException cancelled = new CancellationException("interrupted while rendering");
			cancelled.initCause(ex);
			throw cancelled;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("rendering failed", cause);
		}
	}

	private int maxOutputChars() {
		// TemplateLimits ensures it fits an int
		return (int) this.limits.maxOutput().toBytes();
	}

	static String singleLine(String subject) {
		return LINE_BREAKS_AND_CONTROLS.matcher(subject).replaceAll(" ").trim();
	}

	private static String humanReadable(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + "MB";
		}
		return (bytes % 1024 == 0) ? (bytes / 1024) + "KB" : bytes + "B";
	}

	private static String humanReadable(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	/**
	 * @return the FreeMarker configuration; for tests, never to be changed
	 */
	Configuration configuration() {
		return this.configuration;
	}

	/**
	 * @return how many render threads are busy, including timed-out renders that have not
	 * stopped yet; for tests
	 */
	int busyRenderThreads() {
		return this.renderThreads.active();
	}

	/**
	 * Registers the render pool's meters (see {@link RenderPool}).
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		this.renderThreads.bindTo(registry);
	}

	/**
	 * Stops the render threads (interrupting renders in progress). Called by Spring on
	 * shutdown.
	 */
	@Override
	public void close() {
		this.renderThreads.close();
	}

	/**
	 * Whose template is rendered: its {@code #include} and {@code #import} find this
	 * partner's published templates, in this language first.
	 *
	 * @param partnerId the partner the template belongs to
	 * @param locale the language tag of the variant rendered; {@code ""} for the base
	 */
	public record Owner(long partnerId, String locale) {

		public Owner {
			Objects.requireNonNull(locale, "locale");
		}

	}

	/**
	 * Finds the templates a partner's templates include.
	 */
	@FunctionalInterface
	public interface Library {

		/**
		 * The partner's published template {@code key}: its variant in {@code locale} if
		 * it has one, else its base variant; empty when the partner has not published it.
		 */
		Optional<PublishedTemplate> find(long partnerId, String key, String locale);

	}

	/**
	 * FreeMarker's configuration with {@code #include} and {@code #import} answered from
	 * the current render's templates only: FreeMarker asks for a template by name (the
	 * key, made absolute against the including template's name, which has no folder), and
	 * gets the same part of the template found for that key before the render began, or
	 * none. No template loader, no file, no other partner's template can be reached.
	 */
	private static final class IncludingConfiguration extends Configuration {

		IncludingConfiguration() {
			super(Configuration.VERSION_2_3_35);
		}

		@Override
		public Template getTemplate(String name, @Nullable Locale locale, @Nullable Object customLookupCondition,
				@Nullable String encoding, boolean parseAsFTL, boolean ignoreMissing) throws IOException {
			String key = name.substring(name.lastIndexOf('/') + 1);
			RenderJob job = RenderJob.CURRENT.get();
			Template included = (job != null) ? job.included(key) : null;
			if (included == null) {
				throw new TemplateNotFoundException(name, customLookupCondition,
						"There is no published template \"" + key + "\" of yours to include.");
			}
			return included;
		}

	}

	private enum Part {

		SUBJECT, HTML, TEXT;

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * One version's three parsed parts; FreeMarker templates are safe to share across
	 * threads.
	 */
	private record CompiledMessage(Template subject, Template html, Template text, Set<String> includes) {

		Template part(Part part) {
			return switch (part) {
				case SUBJECT -> this.subject;
				case HTML -> this.html;
				case TEXT -> this.text;
			};
		}

		void makeInterruptible() {
			// FreeMarker 2.3 has no public API for this; _CoreAPI's method is the
			// entry point FreeMarker keeps stable for its online tester. The
			// endless-loop tests in SandboxedRendererTest fail if it stops working.
			_CoreAPI.addThreadInterruptedChecks(this.subject);
			_CoreAPI.addThreadInterruptedChecks(this.html);
			_CoreAPI.addThreadInterruptedChecks(this.text);
		}

	}

	/**
	 * Renders the three parts on a render thread, remembering which part is in progress.
	 */
	private static final class RenderJob implements Callable<RenderedMessage> {

		/** The job the current render thread runs, for {@link IncludingConfiguration}. */
		static final ThreadLocal<RenderJob> CURRENT = new ThreadLocal<>();

		private final CompiledMessage compiled;

		/** What the template may include, by key (see {@link #includedBy}). */
		private final Map<String, CompiledMessage> included;

		private final TemplateHashModel model;

		private final int maxOutputChars;

		private volatile Part currentPart = Part.SUBJECT;

		/** {@link #startedAt()} of a job still waiting for a render thread. */
		static final long NOT_STARTED = Long.MIN_VALUE;

		/** The JVM's allocation count of the render thread when this job began on it. */
		private volatile long allocatedBefore;

		private volatile long startedAt = NOT_STARTED;

		/**
		 * The render thread, once this job runs; written after {@link #allocatedBefore}.
		 */
		private volatile @Nullable Thread thread;

		RenderJob(CompiledMessage compiled, Map<String, CompiledMessage> included, TemplateHashModel model,
				int maxOutputChars) {
			this.compiled = compiled;
			this.included = included;
			this.model = model;
			this.maxOutputChars = maxOutputChars;
		}

		Part currentPart() {
			return this.currentPart;
		}

		/**
		 * @return when ({@link System#nanoTime()}) this job began on a render thread, or
		 * {@link #NOT_STARTED}
		 */
		long startedAt() {
			return this.startedAt;
		}

		/**
		 * @return bytes the render thread has allocated since this job began on it; 0
		 * before it began or where the JVM does not count allocations
		 */
		// Thread.getId() is deprecated from Java 19 for threadId(); this builds for 17.
		@SuppressWarnings("deprecation")
		long allocatedBytes() {
			Thread renderThread = this.thread;
			if (renderThread == null || ALLOCATIONS == null) {
				return 0;
			}
			long now = ALLOCATIONS.getThreadAllocatedBytes(renderThread.getId());
			return (now < 0) ? 0 : now - this.allocatedBefore;
		}

		@Override
		public RenderedMessage call() {
			if (ALLOCATIONS != null) {
				this.allocatedBefore = ALLOCATIONS.getCurrentThreadAllocatedBytes();
			}
			this.thread = Thread.currentThread();
			this.startedAt = System.nanoTime();
			CURRENT.set(this);
			try {
				String subject = renderPart(Part.SUBJECT, this.compiled.subject());
				String html = renderPart(Part.HTML, this.compiled.html());
				String text = renderPart(Part.TEXT, this.compiled.text());
				return new RenderedMessage(subject, html, text);
			}
			finally {
				CURRENT.remove();
			}
		}

		/**
		 * The part being rendered of the template included as {@code key}, or null when
		 * there is none.
		 */
		@Nullable Template included(String key) {
			CompiledMessage message = this.included.get(key);
			return (message != null) ? message.part(this.currentPart) : null;
		}

		private String renderPart(Part part, Template template) {
			this.currentPart = part;
			CappedWriter output = new CappedWriter(this.maxOutputChars);
			try {
				template.process(this.model, output);
				return output.toString();
			}
			catch (TemplateException ex) {
				throw new TemplateRejected(part.label(), orZero(ex.getLineNumber()), orZero(ex.getColumnNumber()),
						ex.getMessageWithoutStackTop(), ex);
			}
			catch (CappedWriter.OutputTooLarge ex) {
				throw new TemplateRejected(part.label(), 0, 0, "output exceeds " + this.maxOutputChars + " characters",
						ex);
			}
			catch (IOException ex) {
				// only the CappedWriter writes, and it fails only with OutputTooLarge
				throw new UncheckedIOException(ex);
			}
			catch (StackOverflowError ex) {
				throw new TemplateRejected(part.label(), 0, 0, "macros or functions call each other too deeply", ex);
			}
			catch (OutOfMemoryError ex) {
				// Caught on purpose: on a render thread it almost always comes from
				// the template's own huge allocation (a giant string or list), which
				// failed and left nothing behind; rejecting the template beats failing
				// every send of it the same way.
				throw new TemplateRejected(part.label(), 0, 0, "the template needs more memory than is available", ex);
			}
		}

		private static int orZero(@Nullable Integer number) {
			return (number != null) ? number : 0;
		}

	}

}
