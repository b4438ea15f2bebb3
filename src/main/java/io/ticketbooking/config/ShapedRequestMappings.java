package io.ticketbooking.config;

import java.lang.reflect.Method;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's request mappings, found for less. A path with a variable in it
 * ({@code /api/v1/events/{id}/queue}) has no direct match, so Spring tries every
 * mapping's full set of conditions (method, produces with the {@code Accept} header, then
 * the path pattern) in turn: a fifth of a queue position read's CPU in the benchmark's
 * profile (docs/benchmarks.md). Here a mapping is passed over at once when the path
 * cannot fit any of its patterns' shapes (as many segments, the same literal segments),
 * which is what its pattern would decide too; patterns with wildcards across segments,
 * and paths with escapes or path parameters ({@code %}, {@code ;}, whose decoded form is
 * what patterns match), go to Spring's own matching unchanged, as does everything when
 * patterns are parsed case-insensitively.
 */
@Configuration(proxyBeanMethods = false)
class ShapedRequestMappings {

	@Bean
	WebMvcRegistrations shapedHandlerMapping() {
		return new WebMvcRegistrations() {
			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new Mapping();
			}
		};
	}

	static final class Mapping extends RequestMappingHandlerMapping {

		private record Shaped(RequestMappingInfo info, HandlerMethod handler, String[][] shapes) {
		}

		/** Every mapping with its patterns' shapes; rebuilt after a mapping changes. */
		private volatile Shaped[] shaped;

		@Override
		protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
			if (lookupPath.indexOf('%') >= 0 || lookupPath.indexOf(';') >= 0) {
				return super.lookupHandlerMethod(lookupPath, request);
			}
			Shaped found = null;
			RequestMappingInfo match = null;
			for (Shaped candidate : shaped()) {
				if (candidate.shapes() != null && !fitsAny(lookupPath, candidate.shapes())) {
					continue;
				}
				RequestMappingInfo matching = getMatchingMapping(candidate.info(), request);
				if (matching != null) {
					if (found != null) {
						// several match: Spring ranks them (and says when they tie)
						return super.lookupHandlerMethod(lookupPath, request);
					}
					found = candidate;
					match = matching;
				}
			}
			if (found == null) {
				// Spring's own answer when nothing matches (404, or 405/406/415 for a
				// partial
				// match)
				return super.lookupHandlerMethod(lookupPath, request);
			}
			// what Spring does with its one match
			request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, found.handler());
			handleMatch(match, lookupPath, request); // the conditions as they matched
			return found.handler();
		}

		/** Spring's own lookup, for the test that compares the two. */
		HandlerMethod springsOwnLookup(String lookupPath, HttpServletRequest request) throws Exception {
			return super.lookupHandlerMethod(lookupPath, request);
		}

		private Shaped[] shaped() {
			Shaped[] all = this.shaped;
			if (all != null) {
				return all;
			}
			// built and dropped under one lock: a snapshot read before a mapping changed
			// is never stored after the change dropped it
			synchronized (this) {
				if (this.shaped == null) {
					this.shaped = getHandlerMethods().entrySet()
						.stream()
						.map((e) -> new Shaped(e.getKey(), e.getValue(), shapes(e.getKey())))
						.toArray(Shaped[]::new);
				}
				return this.shaped;
			}
		}

		private synchronized void mappingsChanged() {
			this.shaped = null;
		}

		@Override
		protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
			super.registerHandlerMethod(handler, method, mapping);
			mappingsChanged();
		}

		@Override
		public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
			super.registerMapping(mapping, handler, method);
			mappingsChanged();
		}

		@Override
		public void unregisterMapping(RequestMappingInfo mapping) {
			super.unregisterMapping(mapping);
			mappingsChanged();
		}

		/** Each pattern's shape; null when any path may match (no pre-check). */
		private String[][] shapes(RequestMappingInfo info) {
			PathPatternsRequestCondition condition = info.getPathPatternsCondition();
			if (condition == null || condition.getPatterns().isEmpty() || getPatternParser() == null
					|| !getPatternParser().isCaseSensitive()) {
				return null;
			}
			String[][] shapes = new String[condition.getPatterns().size()][];
			int i = 0;
			for (PathPattern pattern : condition.getPatterns()) {
				String[] shape = shape(pattern.getPatternString());
				if (shape == null) {
					return null;
				}
				shapes[i++] = shape;
			}
			return shapes;
		}

		/**
		 * A pattern's segments: the literal ones as they are, null for one with a
		 * variable or wildcard in it; null for a pattern that may span segments
		 * ({@code **}, <code>{*rest}</code>) or does not start with {@code /}.
		 */
		static String[] shape(String pattern) {
			if (pattern.isEmpty() || pattern.charAt(0) != '/' || pattern.contains("**") || pattern.contains("{*")) {
				return null;
			}
			String[] segments = pattern.substring(1).split("/", -1);
			for (int i = 0; i < segments.length; i++) {
				String segment = segments[i];
				if (segment.indexOf('{') >= 0 || segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0
						|| segment.indexOf('\\') >= 0) {
					segments[i] = null;
				}
			}
			return segments;
		}

		static boolean fitsAny(String path, String[][] shapes) {
			for (String[] shape : shapes) {
				if (fits(path, shape)) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Whether {@code path} has the shape's number of segments and its literal ones.
		 */
		static boolean fits(String path, String[] shape) {
			if (path.isEmpty() || path.charAt(0) != '/') {
				return false;
			}
			int from = 1;
			for (String literal : shape) {
				if (from > path.length()) {
					return false; // fewer segments
				}
				int end = path.indexOf('/', from);
				if (end < 0) {
					end = path.length();
				}
				if (literal != null && (end - from != literal.length()
						|| !path.regionMatches(from, literal, 0, literal.length()))) {
					return false;
				}
				from = end + 1;
			}
			return from > path.length(); // and no more
		}

	}

}
