package freemarker.core;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import freemarker.template.Template;
import freemarker.template.TemplateCollectionModelEx;
import freemarker.template.TemplateException;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;

/**
 * FreeMarker's {@code +} of two sequences or two hashes, made bounded (part of
 * {@link BuiltInGuards}). FreeMarker's own result is lazy: a node holding its two
 * operands, so {@code s + s} doubled 60 times in a loop is 60 nodes in memory but a tree
 * of 2^60 parts, and its {@code size()}, {@code get(i)} and walk go through every part in
 * one uninterruptible call (a hash's lookup of a missing key likewise). Here every
 * {@code +} (and {@code +=}, which FreeMarker evaluates without an expression of its own)
 * is replaced in the parse tree by one that evaluates both operands and, for two
 * sequences or two hashes, has the result's size checked by the policy first and then
 * makes it flat: a list or a map, whose size is known and whose elements are reached in
 * one step. Making it costs at most the two operands' sizes, each within the limit;
 * appending to a sequence that nothing else has appended to shares its elements, so a
 * list grown one element at a time in a loop is not copied each time. Numbers, strings
 * and markup are added by FreeMarker, as before.
 * <p>
 * The {@code +} can be anywhere an expression is (an assignment, an interpolation, a
 * string literal's interpolation, arguments, a list source, a hash or list literal, a
 * macro argument or parameter default): it is found by walking the parse tree's fields,
 * and replaced in whatever field, list, map or array holds it. A FreeMarker upgrade that
 * holds one where it cannot be replaced fails {@link #install}, never silently.
 */
// FreeMarker marks its parse tree classes deprecated: not an API, but what this hooks
// into
@SuppressWarnings("deprecation")
final class BoundedConcatenation {

	private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {

		@Override
		protected List<Field> computeValue(Class<?> type) {
			List<Field> fields = new ArrayList<>();
			for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
				for (Field field : c.getDeclaredFields()) {
					Class<?> held = field.getType();
					if (Modifier.isStatic(field.getModifiers()) || held.isPrimitive() || held == String.class
							|| held == Template.class) {
						continue;
					}
					field.setAccessible(true);
					fields.add(field);
				}
			}
			return List.copyOf(fields);
		}

	};

	private static final Field ASSIGNMENT_OPERATOR = field(Assignment.class, "operatorType");

	private static final Field ASSIGNMENT_VALUE = field(Assignment.class, "valueExp");

	private static final int ASSIGNMENT_EQUALS = constant(Assignment.class, "OPERATOR_TYPE_EQUALS");

	private BoundedConcatenation() {
	}

	/** Replaces every {@code +} and {@code +=} of a parsed template by a bounded one. */
	static void install(Template template, BuiltInGuards.Policy policy) {
		Map<AddConcatExpression, ConcatGuard> guards = new IdentityHashMap<>();
		List<Runnable> replacements = new ArrayList<>();
		List<Assignment> plusEquals = new ArrayList<>();
		Set<TemplateObject> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<TemplateObject> pending = new ArrayDeque<>();
		pending.push(template.getRootTreeNode());
		while (!pending.isEmpty()) {
			TemplateObject node = pending.pop();
			if (!seen.add(node)) {
				continue;
			}
			if (node instanceof Assignment assignment && "+=".equals(assignment.getParameterValue(1))) {
				plusEquals.add(assignment);
			}
			for (Field field : FIELDS.get(node.getClass())) {
				Object value = read(field, node);
				if (value instanceof AddConcatExpression concatenation) {
					ConcatGuard guard = guards.computeIfAbsent(concatenation, (c) -> new ConcatGuard(c, policy));
					replacements.add(() -> write(field, node, guard));
					pending.push(concatenation);
				}
				else if (value instanceof TemplateObject child) {
					pending.push(child);
				}
				else if (value instanceof List<?> list) {
					@SuppressWarnings("unchecked")
					List<Object> slots = (List<Object>) list;
					for (int i = 0; i < slots.size(); i++) {
						int index = i;
						visit(slots.get(i), guards, policy, pending, replacements, (guard) -> slots.set(index, guard));
					}
				}
				else if (value instanceof Map<?, ?> map) {
					@SuppressWarnings("unchecked")
					Map<Object, Object> slots = (Map<Object, Object>) map;
					for (Map.Entry<Object, Object> entry : slots.entrySet()) {
						visit(entry.getKey(), guards, policy, pending, replacements, (guard) -> {
							throw new IllegalStateException("a + as a map key in " + node.getClass().getName());
						});
						visit(entry.getValue(), guards, policy, pending, replacements, entry::setValue);
					}
				}
				else if (value instanceof Object[] array) {
					for (int i = 0; i < array.length; i++) {
						int index = i;
						visit(array[i], guards, policy, pending, replacements, (guard) -> array[index] = guard);
					}
				}
			}
		}
		try {
			replacements.forEach(Runnable::run);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("this FreeMarker version holds a + where it cannot be replaced", ex);
		}
		for (Assignment assignment : plusEquals) {
			boundPlusEquals(assignment, policy);
		}
	}

	private interface Slot {

		void put(ConcatGuard guard);

	}

	private static void visit(Object value, Map<AddConcatExpression, ConcatGuard> guards, BuiltInGuards.Policy policy,
			Deque<TemplateObject> pending, List<Runnable> replacements, Slot slot) {
		if (value instanceof AddConcatExpression concatenation) {
			ConcatGuard guard = guards.computeIfAbsent(concatenation, (c) -> new ConcatGuard(c, policy));
			replacements.add(() -> slot.put(guard));
			pending.push(concatenation);
		}
		else if (value instanceof TemplateObject child) {
			pending.push(child);
		}
	}

	/**
	 * {@code <#assign x += y>} becomes {@code <#assign x = x + y>}, with the bounded
	 * {@code +}: the variable is read where the assignment would read it, then the value
	 * is evaluated, as before.
	 */
	private static void boundPlusEquals(Assignment assignment, BuiltInGuards.Policy policy) {
		String name = (String) assignment.getParameterValue(0);
		Expression value = (Expression) assignment.getParameterValue(2);
		int scope = (Integer) assignment.getParameterValue(3);
		Expression namespace = (Expression) assignment.getParameterValue(4);
		AssignedVariable current = new AssignedVariable(name, scope, namespace);
		current.copyLocationFrom(assignment);
		AddConcatExpression concatenation = new AddConcatExpression(current, value);
		concatenation.copyLocationFrom(value);
		write(ASSIGNMENT_VALUE, assignment, new ConcatGuard(concatenation, policy));
		try {
			ASSIGNMENT_OPERATOR.setInt(assignment, ASSIGNMENT_EQUALS);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("FreeMarker's Assignment.operatorType cannot be set", ex);
		}
	}

	/**
	 * {@code left + right}, as FreeMarker's {@code +} but bounded for sequences and
	 * hashes.
	 */
	static TemplateModel concatenate(Environment env, Expression where, Expression leftExp, TemplateModel left,
			Expression rightExp, TemplateModel right, BuiltInGuards.Policy policy) throws TemplateException {
		if (!(left instanceof TemplateNumberModel && right instanceof TemplateNumberModel)
				&& left instanceof TemplateSequenceModel leftSequence
				&& right instanceof TemplateSequenceModel rightSequence) {
			int leftSize = leftSequence.size();
			int rightSize = rightSequence.size();
			refuseIf(policy.refusalOfConcatenation("sequences", (long) leftSize + rightSize, "elements"), where, env);
			return FlatSequence.concatenation(leftSequence, leftSize, rightSequence, rightSize);
		}
		TemplateModel result = AddConcatExpression._eval(env, where, leftExp, left, rightExp, right);
		if (result != left && result != right && result instanceof TemplateHashModel
				&& result.getClass().getEnclosingClass() == AddConcatExpression.class) {
			// FreeMarker chose to add them as hashes: its lazy result is replaced
			return concatenateHashes(env, where, (TemplateHashModel) left, (TemplateHashModel) right, policy);
		}
		return result;
	}

	private static TemplateModel concatenateHashes(Environment env, Expression where, TemplateHashModel left,
			TemplateHashModel right, BuiltInGuards.Policy policy) throws TemplateException {
		if (left instanceof TemplateHashModelEx leftEx && right instanceof TemplateHashModelEx rightEx) {
			// the result has at least as many entries as the larger
			refuseIf(policy.refusalOfConcatenation("hashes", Math.max(leftEx.size(), rightEx.size()), "entries"), where,
					env);
			FlatHash hash = FlatHash.concatenation(leftEx, rightEx);
			refuseIf(policy.refusalOfConcatenation("hashes", hash.size(), "entries"), where, env);
			return hash;
		}
		if (left == right) {
			// h + h is h: the right's values win, and they are the left's
			return left;
		}
		long parts = LayeredHash.parts(left) + LayeredHash.parts(right);
		refuseIf(policy.refusalOfConcatenation("hashes", parts, "hashes"), where, env);
		return new LayeredHash(left, right, parts);
	}

	private static void refuseIf(String refusal, Expression where, Environment env) throws TemplateException {
		if (refusal != null) {
			throw new _MiscTemplateException(where, env, refusal);
		}
	}

	private static Object read(Field field, Object node) {
		try {
			return field.get(node);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("FreeMarker's " + field + " cannot be read", ex);
		}
	}

	private static void write(Field field, Object node, Object value) {
		try {
			field.set(node, value);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("FreeMarker's " + field + " cannot be set", ex);
		}
	}

	private static Field field(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException("this FreeMarker version's " + type.getSimpleName() + " has no " + name,
					ex);
		}
	}

	private static int constant(Class<?> type, String name) {
		try {
			return field(type, name).getInt(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("FreeMarker's " + type.getSimpleName() + "." + name + " cannot be read",
					ex);
		}
	}

	/** A {@code +} of the template, bounded. */
	static final class ConcatGuard extends BuiltInGuards.Transparent {

		private final BuiltInGuards.Policy policy;

		ConcatGuard(AddConcatExpression concatenation, BuiltInGuards.Policy policy) {
			super(concatenation);
			this.policy = policy;
		}

		@Override
		TemplateModel _eval(Environment env) throws TemplateException {
			BuiltInGuards.stopIfInterrupted();
			// read here, not when made: an operand may itself be replaced by a guard
			Expression leftExp = (Expression) this.inner.getParameterValue(0);
			Expression rightExp = (Expression) this.inner.getParameterValue(1);
			TemplateModel left = leftExp.eval(env);
			TemplateModel right = rightExp.eval(env);
			return concatenate(env, this, leftExp, left, rightExp, right, this.policy);
		}

		@Override
		protected Expression deepCloneWithIdentifierReplaced_inner(String replacedIdentifier, Expression replacement,
				ReplacemenetState replacementState) {
			return new ConcatGuard((AddConcatExpression) this.inner.deepCloneWithIdentifierReplaced(replacedIdentifier,
					replacement, replacementState), this.policy);
		}

	}

	/**
	 * The value a {@code +=} adds to: the variable, read as FreeMarker's assignment reads
	 * it.
	 */
	private static final class AssignedVariable extends Expression {

		private final String name;

		private final int scope;

		private final Expression namespace;

		AssignedVariable(String name, int scope, Expression namespace) {
			this.name = name;
			this.scope = scope;
			this.namespace = namespace;
		}

		@Override
		TemplateModel _eval(Environment env) throws TemplateException {
			Environment.Namespace in;
			if (this.namespace == null) {
				in = switch (this.scope) {
					case Assignment.LOCAL -> null;
					case Assignment.GLOBAL -> env.getGlobalNamespace();
					default -> env.getCurrentNamespace();
				};
			}
			else {
				TemplateModel given = this.namespace.eval(env);
				if (given == null) {
					throw InvalidReferenceException.getInstance(this.namespace, env);
				}
				if (!(given instanceof Environment.Namespace namespaceModel)) {
					throw new NonNamespaceException(this.namespace, given, env);
				}
				in = namespaceModel;
			}
			TemplateModel value = (in == null) ? env.getLocalVariable(this.name) : in.get(this.name);
			if (value == null) {
				throw InvalidReferenceException.getInstance(this.scope, this.name, "+=", env);
			}
			return value;
		}

		@Override
		boolean isLiteral() {
			return false;
		}

		@Override
		protected Expression deepCloneWithIdentifierReplaced_inner(String replacedIdentifier, Expression replacement,
				ReplacemenetState replacementState) {
			return new AssignedVariable(this.name, this.scope, (this.namespace == null) ? null : this.namespace
				.deepCloneWithIdentifierReplaced(replacedIdentifier, replacement, replacementState));
		}

		@Override
		public String getCanonicalForm() {
			return _CoreStringUtils.toFTLTopLevelIdentifierReference(this.name);
		}

		@Override
		String getNodeTypeSymbol() {
			return getCanonicalForm();
		}

		@Override
		int getParameterCount() {
			return 0;
		}

		@Override
		Object getParameterValue(int idx) {
			throw new IndexOutOfBoundsException();
		}

		@Override
		ParameterRole getParameterRole(int idx) {
			throw new IndexOutOfBoundsException();
		}

	}

	/**
	 * A sequence with its elements in a list. Its list may be longer than it: a
	 * concatenation onto a sequence whose list is not longer appends to that list (the
	 * first sequence still sees only its own elements), so growing a list one element at
	 * a time copies it only when it was shared.
	 */
	static final class FlatSequence implements TemplateSequenceModel, TemplateCollectionModelEx {

		private final List<TemplateModel> elements;

		private final int size;

		private FlatSequence(List<TemplateModel> elements, int size) {
			this.elements = elements;
			this.size = size;
		}

		static FlatSequence of(List<TemplateModel> elements) {
			return new FlatSequence(elements, elements.size());
		}

		static FlatSequence concatenation(TemplateSequenceModel left, int leftSize, TemplateSequenceModel right,
				int rightSize) throws TemplateModelException {
			List<TemplateModel> elements;
			if (left instanceof FlatSequence flat && flat.elements.size() == flat.size) {
				elements = flat.elements;
			}
			else {
				elements = new ArrayList<>(leftSize + rightSize);
				for (int i = 0; i < leftSize; i++) {
					elements.add(left.get(i));
				}
			}
			// by index up to its size: right may be left (s + s), whose list grows here
			for (int i = 0; i < rightSize; i++) {
				elements.add(right.get(i));
			}
			return new FlatSequence(elements, leftSize + rightSize);
		}

		@Override
		public TemplateModel get(int index) {
			return (index >= 0 && index < this.size) ? this.elements.get(index) : null;
		}

		@Override
		public int size() {
			return this.size;
		}

		@Override
		public boolean isEmpty() {
			return this.size == 0;
		}

		@Override
		public TemplateModelIterator iterator() {
			return new TemplateModelIterator() {

				private int next;

				@Override
				public TemplateModel next() throws TemplateModelException {
					if (this.next >= FlatSequence.this.size) {
						throw new TemplateModelException("The collection has no more elements.");
					}
					return FlatSequence.this.elements.get(this.next++);
				}

				@Override
				public boolean hasNext() {
					return this.next < FlatSequence.this.size;
				}

			};
		}

	}

	/**
	 * Two hashes added: the keys of the left, then the new keys of the right, each with
	 * the right's value where it has one (as FreeMarker's).
	 */
	static final class FlatHash implements TemplateHashModelEx {

		private final Map<String, TemplateModel> entries;

		private final List<TemplateModel> keys;

		private FlatSequence values;

		private FlatHash(Map<String, TemplateModel> entries, List<TemplateModel> keys) {
			this.entries = entries;
			this.keys = keys;
		}

		static FlatHash concatenation(TemplateHashModelEx left, TemplateHashModelEx right)
				throws TemplateModelException {
			FlatHash hash = new FlatHash(new LinkedHashMap<>(), new ArrayList<>());
			hash.add(left);
			hash.add(right);
			return hash;
		}

		private void add(TemplateHashModelEx hash) throws TemplateModelException {
			TemplateModelIterator keys = hash.keys().iterator();
			while (keys.hasNext()) {
				TemplateModel key = keys.next();
				String name = ((TemplateScalarModel) key).getAsString();
				TemplateModel value = hash.get(name);
				boolean known = this.entries.containsKey(name);
				if (!known) {
					this.keys.add(key);
				}
				if (value != null || !known) {
					this.entries.put(name, value);
				}
			}
		}

		@Override
		public TemplateModel get(String key) {
			return this.entries.get(key);
		}

		@Override
		public boolean isEmpty() {
			return this.entries.isEmpty();
		}

		@Override
		public int size() {
			return this.entries.size();
		}

		@Override
		public FlatSequence keys() {
			// views of this hash's size: what is appended to them lies beyond it
			return new FlatSequence(this.keys, this.entries.size());
		}

		@Override
		public FlatSequence values() {
			if (this.values == null) {
				this.values = FlatSequence.of(new ArrayList<>(this.entries.values()));
			}
			return new FlatSequence(this.values.elements, this.entries.size());
		}

	}

	/**
	 * Two hashes added that cannot list their keys: looked up in the right, then the
	 * left, so a lookup costs one per hash it is made of, which is bounded.
	 */
	static final class LayeredHash implements TemplateHashModel {

		private final TemplateHashModel left;

		private final TemplateHashModel right;

		private final long parts;

		LayeredHash(TemplateHashModel left, TemplateHashModel right, long parts) {
			this.left = left;
			this.right = right;
			this.parts = parts;
		}

		static long parts(TemplateHashModel hash) {
			return (hash instanceof LayeredHash layered) ? layered.parts : 1;
		}

		@Override
		public TemplateModel get(String key) throws TemplateModelException {
			TemplateModel value = this.right.get(key);
			return (value != null) ? value : this.left.get(key);
		}

		@Override
		public boolean isEmpty() throws TemplateModelException {
			return this.left.isEmpty() && this.right.isEmpty();
		}

	}

}
