package freemarker.core;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;

/**
 * Gratitude's hook into FreeMarker's parse tree, so that a policy sees what a built-in is
 * asked to do before it does it. FreeMarker 2.3 has no API for this: its built-ins
 * (seq_contains, index_of, left_pad...) run as one Java loop with no interruption check,
 * so once started they cannot be stopped, and their cost depends only on their target and
 * arguments. {@link #install} rewrites a parsed template, once, before it is shared:
 * <ul>
 * <li>the target of each guarded built-in is replaced by an expression that evaluates it
 * and hands the value to {@link Policy#refusalOfTarget} (for
 * {@code (1..400000000)?seq_contains}, the range is refused by its size before
 * {@code seq_contains} sees it);</li>
 * <li>where such a built-in is called ({@code text?index_of(pattern)}), its first
 * argument is replaced by an expression that evaluates all the arguments, hands them with
 * the target to {@link Policy#refusalOfCall}, and then lets the call go on with the
 * values it evaluated (each argument is still evaluated once, in order);</li>
 * <li>each {@code +} (and {@code +=}) is replaced by one that makes a sequence or hash
 * concatenation flat, with its size known, and refuses it when the result would be larger
 * than {@link Policy#refusalOfConcatenation} allows ({@link BoundedConcatenation}):
 * FreeMarker's own is a lazy tree whose size, elements and walk go through every part, so
 * a sequence doubled 60 times in a loop would take 2^60 steps in one call;</li>
 * <li>every guard also stops the render if its thread was interrupted (the time or memory
 * limit cancelled it), as FreeMarker's own loop checks do, so a chain of built-ins
 * without a loop between them stops too.</li>
 * </ul>
 * It lives in FreeMarker's package because expressions can only be made and rewritten
 * there (their methods are package-private); it reads one private field, the arguments of
 * a method call, by reflection. FreeMarker's own
 * {@code ThreadInterruptionSupportTemplatePostProcessor} rewrites templates the same way.
 * A FreeMarker upgrade that renames these internals fails to compile, or fails
 * {@link #install} on the first template, never silently.
 */
// FreeMarker marks its parse tree classes deprecated: not an API, but what this hooks
// into
@SuppressWarnings("deprecation")
public final class BuiltInGuards {

	private static final Field METHOD_CALL_ARGUMENTS = methodCallArguments();

	private BuiltInGuards() {
	}

	/**
	 * What is checked, by built-in name (as written in the template: {@code index_of} or
	 * {@code indexOf}). A check refuses by returning why; the render then fails with that
	 * reason at the built-in's place in the template.
	 */
	public interface Policy {

		/** Whether this built-in's target (and arguments, where called) are checked. */
		boolean guards(String builtIn);

		/**
		 * Whether this built-in must be called where it is written: its arguments can be
		 * checked only there, so {@code <#assign f = text?index_of>} is refused.
		 */
		boolean mustBeCalled(String builtIn);

		/**
		 * @return the exception refusing {@code builtIn}, used but not called at this
		 * place (1-based line and column)
		 */
		RuntimeException notCalled(String builtIn, int line, int column);

		/**
		 * Checks the value a guarded built-in is applied to, before it sees it.
		 * @return why it is refused, or null
		 */
		String refusalOfTarget(String builtIn, TemplateModel target) throws TemplateException;

		/**
		 * Checks a call of a guarded built-in, before the call runs.
		 * @return why it is refused, or null
		 */
		String refusalOfCall(String builtIn, TemplateModel target, List<TemplateModel> arguments)
				throws TemplateException;

		/**
		 * Checks what {@code +} would make of two sequences or two hashes, before it is
		 * made.
		 * @param operands {@code "sequences"} or {@code "hashes"}
		 * @param size the elements or entries of the result ({@code unit})
		 * @param unit what {@code size} counts: {@code "elements"}, {@code "entries"}, or
		 * {@code "hashes"} for hashes that cannot list their keys, looked up one by one
		 * @return why it is refused, or null
		 */
		String refusalOfConcatenation(String operands, long size, String unit);

	}

	/**
	 * Adds the guards to a parsed template; call once per template, before it is rendered
	 * or shared between threads.
	 * @throws RuntimeException what {@link Policy#notCalled} returns, for a built-in that
	 * must be called and is not
	 */
	public static void install(Template template, Policy policy) {
		BoundedConcatenation.install(template, policy);
		List<TemplateObject> all = new ArrayList<>();
		Deque<TemplateObject> pending = new ArrayDeque<>();
		Set<TemplateObject> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		pending.push(template.getRootTreeNode());
		while (!pending.isEmpty()) {
			TemplateObject node = pending.pop();
			if (!seen.add(node)) {
				continue;
			}
			all.add(node);
			if (node instanceof TemplateElement element) {
				for (int i = element.getChildCount() - 1; i >= 0; i--) {
					pending.push(element.getChild(i));
				}
			}
			for (int i = node.getParameterCount() - 1; i >= 0; i--) {
				if (node.getParameterValue(i) instanceof TemplateObject parameter) {
					pending.push(parameter);
				}
			}
		}
		Set<BuiltIn> called = Collections.newSetFromMap(new IdentityHashMap<>());
		for (TemplateObject node : all) {
			if (node instanceof MethodCall call && call.getTarget() instanceof BuiltIn builtIn
					&& policy.guards(builtIn.key)) {
				called.add(builtIn);
				List<Expression> arguments = arguments(call);
				if (!arguments.isEmpty()) {
					CallGuard guard = new CallGuard(builtIn, new ArrayList<>(arguments), policy);
					arguments.set(0, guard);
					for (int i = 1; i < arguments.size(); i++) {
						arguments.set(i, new Replay(guard, i, arguments.get(i)));
					}
				}
			}
		}
		for (TemplateObject node : all) {
			if (node instanceof BuiltIn builtIn && policy.guards(builtIn.key)) {
				if (policy.mustBeCalled(builtIn.key) && !called.contains(builtIn)) {
					throw policy.notCalled(builtIn.key, builtIn.getBeginLine(), builtIn.getBeginColumn());
				}
				builtIn.target = new TargetGuard(builtIn, builtIn.target, policy);
			}
		}
	}

	/**
	 * Whether a value is a lazily generated sequence or collection (the result of
	 * {@code ?filter} or {@code ?map} consumed lazily): its size is not known before it
	 * is walked, and walking it to count would run its functions twice. Its elements come
	 * from a guarded target, one call of a (interruptible) function each.
	 */
	public static boolean isLazilyGenerated(TemplateModel value) {
		return value instanceof LazilyGeneratedCollectionModel;
	}

	@SuppressWarnings("unchecked")
	private static List<Expression> arguments(MethodCall call) {
		try {
			return ((ListLiteral) METHOD_CALL_ARGUMENTS.get(call)).items;
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("FreeMarker's MethodCall.arguments cannot be read", ex);
		}
	}

	private static Field methodCallArguments() {
		try {
			Field field = MethodCall.class.getDeclaredField("arguments");
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException("this FreeMarker version's MethodCall has no arguments field", ex);
		}
	}

	static void stopIfInterrupted() {
		if (Thread.currentThread().isInterrupted()) {
			// What FreeMarker's own interruption checks throw: #attempt does not catch
			// it.
			throw new ThreadInterruptionSupportTemplatePostProcessor.TemplateProcessingThreadInterruptedException();
		}
	}

	/** An expression that is another, seen through: location, form and parts. */
	abstract static class Transparent extends Expression {

		final Expression inner;

		Transparent(Expression inner) {
			this.inner = inner;
			copyFieldsFrom(inner);
		}

		@Override
		boolean isLiteral() {
			// never folded at parse time: the checks run at every evaluation
			return false;
		}

		@Override
		void enableLazilyGeneratedResult() {
			this.inner.enableLazilyGeneratedResult();
		}

		@Override
		public String getCanonicalForm() {
			return this.inner.getCanonicalForm();
		}

		@Override
		String getNodeTypeSymbol() {
			return this.inner.getNodeTypeSymbol();
		}

		@Override
		int getParameterCount() {
			return this.inner.getParameterCount();
		}

		@Override
		Object getParameterValue(int idx) {
			return this.inner.getParameterValue(idx);
		}

		@Override
		ParameterRole getParameterRole(int idx) {
			return this.inner.getParameterRole(idx);
		}

	}

	/**
	 * A guarded built-in's target: checked, then remembered for the call's check, which
	 * is the very next thing evaluated when the built-in is called.
	 */
	private static final class TargetGuard extends Transparent {

		private final BuiltIn builtIn;

		private final Policy policy;

		TargetGuard(BuiltIn builtIn, Expression target, Policy policy) {
			super(target);
			this.builtIn = builtIn;
			this.policy = policy;
		}

		@Override
		TemplateModel _eval(Environment env) throws TemplateException {
			stopIfInterrupted();
			TemplateModel value = this.inner.eval(env);
			String refusal = (value != null) ? this.policy.refusalOfTarget(this.builtIn.key, value) : null;
			if (refusal != null) {
				throw new _MiscTemplateException(this, env, refusal);
			}
			env.setCustomState(this.builtIn, value);
			return value;
		}

		@Override
		protected Expression deepCloneWithIdentifierReplaced_inner(String replacedIdentifier, Expression replacement,
				ReplacemenetState replacementState) {
			return new TargetGuard(this.builtIn,
					this.inner.deepCloneWithIdentifierReplaced(replacedIdentifier, replacement, replacementState),
					this.policy);
		}

	}

	/**
	 * The first argument of a guarded call: evaluates every argument, has the call
	 * checked, and returns the first; the other arguments' places return the values
	 * evaluated here, as the call evaluates them right after this one.
	 */
	private static final class CallGuard extends Transparent {

		private final BuiltIn builtIn;

		private final List<Expression> arguments;

		private final Policy policy;

		CallGuard(BuiltIn builtIn, List<Expression> arguments, Policy policy) {
			super(arguments.get(0));
			this.builtIn = builtIn;
			this.arguments = arguments;
			this.policy = policy;
		}

		@Override
		TemplateModel _eval(Environment env) throws TemplateException {
			stopIfInterrupted();
			// Set by the target's guard just before: the built-in evaluated its target,
			// and the call evaluates its arguments next, with nothing in between.
			TemplateModel target = (TemplateModel) env.getCustomState(this.builtIn);
			env.setCustomState(this.builtIn, null);
			List<TemplateModel> values = new ArrayList<>(this.arguments.size());
			for (Expression argument : this.arguments) {
				TemplateModel value = argument.eval(env);
				argument.assertNonNull(value, env);
				values.add(value);
			}
			String refusal = (target != null) ? this.policy.refusalOfCall(this.builtIn.key, target, values) : null;
			if (refusal != null) {
				throw new _MiscTemplateException(this.builtIn, env, refusal);
			}
			env.setCustomState(this, values);
			return values.get(0);
		}

		@Override
		protected Expression deepCloneWithIdentifierReplaced_inner(String replacedIdentifier, Expression replacement,
				ReplacemenetState replacementState) {
			List<Expression> cloned = new ArrayList<>(this.arguments.size());
			for (Expression argument : this.arguments) {
				cloned.add(argument.deepCloneWithIdentifierReplaced(replacedIdentifier, replacement, replacementState));
			}
			return new CallGuard(this.builtIn, cloned, this.policy);
		}

	}

	/**
	 * A later argument of a guarded call: the value its {@link CallGuard} evaluated, just
	 * before.
	 */
	private static final class Replay extends Transparent {

		private final CallGuard guard;

		private final int index;

		Replay(CallGuard guard, int index, Expression argument) {
			super(argument);
			this.guard = guard;
			this.index = index;
		}

		@Override
		TemplateModel _eval(Environment env) throws TemplateException {
			@SuppressWarnings("unchecked")
			List<TemplateModel> values = (List<TemplateModel>) env.getCustomState(this.guard);
			if (values == null) {
				throw new IllegalStateException("argument " + this.index + " evaluated before the first");
			}
			if (this.index == values.size() - 1) {
				env.setCustomState(this.guard, null);
			}
			return values.get(this.index);
		}

		@Override
		protected Expression deepCloneWithIdentifierReplaced_inner(String replacedIdentifier, Expression replacement,
				ReplacemenetState replacementState) {
			// Cloned only with the call it belongs to, whose clone makes its own.
			throw new UnsupportedOperationException("a guarded call's arguments are cloned with the call");
		}

	}

}
