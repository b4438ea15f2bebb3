package io.ticketbooking.mail;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.stereotype.Component;

/**
 * The emails' templates ({@code src/main/resources/mail/}): each letter has a text part
 * ({@code <name>.txt}) and an HTML part ({@code <name>.html}), filled by Thymeleaf with
 * the same variables. HTML escapes what buyers and organizers typed; the text part is
 * plain text.
 */
@Component
class Letters {

	private final SpringTemplateEngine templates = new SpringTemplateEngine();

	Letters() {
		this.templates.addTemplateResolver(resolver(".html", TemplateMode.HTML, 1));
		this.templates.addTemplateResolver(resolver(".txt", TemplateMode.TEXT, 2));
	}

	private static ClassLoaderTemplateResolver resolver(String suffix, TemplateMode mode, int order) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("mail/");
		resolver.setResolvablePatterns(Set.of("*" + suffix));
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCacheable(true);
		resolver.setOrder(order);
		return resolver;
	}

	/** Both parts of template {@code name}. */
	record Bodies(String text, String html) {
	}

	Bodies render(String name, Map<String, Object> variables) {
		Context context = new Context(Locale.ENGLISH, variables);
		return new Bodies(this.templates.process(name + ".txt", context),
				this.templates.process(name + ".html", context));
	}

}
