package io.gratitude.template;

import java.util.List;
import java.util.Map;

import freemarker.template.DefaultListAdapter;
import freemarker.template.DefaultMapAdapter;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.RichObjectWrapper;
import org.jspecify.annotations.Nullable;

/**
 * The object wrappers of the sandbox: they show templates plain data and nothing else.
 * Maps and lists are adapted (not copied) and their elements go through the model's
 * wrapper again when a template reaches them, so a Java object anywhere in the model
 * fails the render at the point where a template touches it, instead of exposing its
 * methods, its class or its class loader the way FreeMarker's bean wrappers would.
 * <p>
 * There are two: the model's ({@link #forModel()}), which refuses anything but plain Java
 * data, and the environment's ({@link #forResults()}), which FreeMarker also hands what
 * its own built-ins return when called ({@code ?string("0.00")} returns a string model):
 * those it passes through. No Java value reaches the environment's wrapper but through
 * the model's, so only FreeMarker's own models pass.
 */
final class PlainDataWrapper implements RichObjectWrapper {

	static final String NOT_PLAIN_DATA = "the template reached a value that is not plain data"
			+ " (only maps, lists, strings, numbers and booleans are available to templates)";

	private final boolean passesBuiltInResults;

	/** Wraps the elements of adapted maps and lists: the model's wrapper, always. */
	private final PlainDataWrapper elements;

	private PlainDataWrapper(boolean passesBuiltInResults) {
		this.passesBuiltInResults = passesBuiltInResults;
		this.elements = passesBuiltInResults ? new PlainDataWrapper(false) : this;
	}

	/** The wrapper of the data model: plain Java data only. */
	static PlainDataWrapper forModel() {
		return new PlainDataWrapper(false);
	}

	/**
	 * The wrapper of the FreeMarker configuration: plain Java data, and the template
	 * models FreeMarker's built-ins return from a call.
	 */
	static PlainDataWrapper forResults() {
		return new PlainDataWrapper(true);
	}

	@Override
	public @Nullable TemplateModel wrap(@Nullable Object value) throws TemplateModelException {
		if (value == null) {
			// FreeMarker's "missing": templates handle it with ! and ??
			return null;
		}
		if (value instanceof String string) {
			return new SimpleScalar(string);
		}
		if (value instanceof Boolean bool) {
			return bool ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE;
		}
		if (value instanceof Number number) {
			String refusal = BoundedArithmetic.refusalOf(number);
			if (refusal != null) {
				throw new TemplateModelException("the template reached " + refusal);
			}
			return new SimpleNumber(number);
		}
		if (this.passesBuiltInResults && value instanceof TemplateModel builtInResult) {
			// MethodCall wraps what a called built-in returns, already a model.
			return builtInResult;
		}
		if (value instanceof Map<?, ?> map) {
			return DefaultMapAdapter.adapt(map, this.elements);
		}
		if (value instanceof List<?> list) {
			return DefaultListAdapter.adapt(list, this.elements);
		}
		// No pass-through for a TemplateModel in the model: a ready-made model (a bean
		// model, a method, a static-class model) is what the sandbox keeps out.
		throw new TemplateModelException(NOT_PLAIN_DATA);
	}

	/**
	 * Adapts the data model root; its values are checked when a template reaches them.
	 */
	TemplateHashModel wrapRoot(Map<String, ?> model) {
		return DefaultMapAdapter.adapt(model, this.elements);
	}

	@Override
	public TemplateHashModel wrapAsAPI(Object value) throws TemplateModelException {
		// ?api is also disabled in the Configuration; this is the second lock.
		throw new TemplateModelException("?api is not available to templates");
	}

	@Override
	public Object unwrap(TemplateModel model) throws TemplateModelException {
		// Unwrapping only serves calls into Java (methods, ?new): there are none.
		throw new TemplateModelException("Java values are not available to templates");
	}

	@Override
	public Object tryUnwrapTo(TemplateModel model, Class<?> targetClass) throws TemplateModelException {
		throw new TemplateModelException("Java values are not available to templates");
	}

}
