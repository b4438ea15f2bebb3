package io.ticketbooking.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * which is what its pattern would decide too. The mappings are kept by their patterns'
 * numbers of segments, so a path is held only against those of its own length (a lookup,
 * in a loop over every mapping, was 5.1 % of a waiting-room join's samples, 2.9 % after).
 * Patterns with wildcards across segments, and paths with escapes or path parameters
 * ({@code %}, {@code ;}, whose decoded form is what patterns match), go to Spring's own
 * matching unchanged, as does everything when patterns are parsed case-insensitively.
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

		/**
		 * The mappings that may fit a path of each number of segments: those with a
		 * pattern of that many segments, and those whose patterns have no shape (any path
		 * may match them), which are all a longer path may fit.
		 */
		private record Index(Shaped[][] bySegments, Shaped[] anyPath) {

			Shaped[] candidates(String path) {
				int segments = segments(path);
				return (segments < this.bySegments.length) ? this.bySegments[segments] : this.anyPath;
			}

		}

		/** Every mapping with its patterns' shapes; rebuilt after a mapping changes. */
		private volatile Index index;

		@Override
		protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
			if (lookupPath.indexOf('%') >= 0 || lookupPath.indexOf(';') >= 0) {
				return super.lookupHandlerMethod(lookupPath, request);
			}
			Shaped found = null;
			RequestMappingInfo match = null;
			for (Shaped candidate : index().candidates(lookupPath)) {
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
				// Spring's own answer when nothing matches (404, or 405/406/415 for
				// a partial match)
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

		private Index index() {
			Index built = this.index;
			if (built != null) {
				return built;
			}
			// built and dropped under one lock: a snapshot read before a mapping changed
			// is never stored after the change dropped it
			synchronized (this) {
				if (this.index == null) {
					this.index = index(getHandlerMethods().entrySet()
						.stream()
						.map((e) -> new Shaped(e.getKey(), e.getValue(), shapes(e.getKey())))
						.toList());
				}
				return this.index;
			}
		}

		/**
		 * Each mapping under every number of segments its patterns have, and the
		 * shapeless ones under all.
		 */
		private static Index index(List<Shaped> all) {
			Map<Integer, Set<Shaped>> byLength = new HashMap<>();
			List<Shaped> anyPath = new ArrayList<>();
			for (Shaped mapping : all) {
				if (mapping.shapes() == null) {
					anyPath.add(mapping);
					continue;
				}
				for (String[] shape : mapping.shapes()) {
					byLength.computeIfAbsent(shape.length, (n) -> new LinkedHashSet<>()).add(mapping);
				}
			}
			Shaped[][] bySegments = new Shaped[byLength.keySet().stream().mapToInt((n) -> n + 1).max().orElse(0)][];
			for (int n = 0; n < bySegments.length; n++) {
				Set<Shaped> candidates = new LinkedHashSet<>(byLength.getOrDefault(n, Set.of()));
				candidates.addAll(anyPath);
				bySegments[n] = candidates.toArray(Shaped[]::new);
			}
			return new Index(bySegments, anyPath.toArray(Shaped[]::new));
		}

		/** A path's number of segments, as {@link #shape} counts a pattern's. */
		static int segments(String path) {
			int segments = 0;
			for (int i = 0; i < path.length(); i++) {
				if (path.charAt(i) == '/') {
					segments++;
				}
			}
			return segments;
		}

		private synchronized void mappingsChanged() {
			this.index = null;
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
