package io.ticketbooking.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's own request mappings: for every route (and near misses of each),
 * {@link ShapedRequestMappings} finds what Spring's own lookup finds, with the same path
 * variables.
 */
@IntegrationTest
class ShapedRequestMappingsRoutingTests {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mapping;

	@Test
	void everyRouteAndItsNearMissesFindWhatSpringFinds() throws Exception {
		assertThat(this.mapping).isInstanceOf(ShapedRequestMappings.Mapping.class);
		ShapedRequestMappings.Mapping shaped = (ShapedRequestMappings.Mapping) this.mapping;
		List<String> paths = new ArrayList<>(List.of("/", "/nowhere", "/api/v1/events/", "/api/v1//events",
				"/api/v1/events/e%31/queue", "/api/v1/events/abc;x=1/queue"));
		for (RequestMappingInfo info : shaped.getHandlerMethods().keySet()) {
			for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
				String path = pattern.getPatternString()
					.replaceAll("\\{\\*[^}]+}", "a/b")
					.replaceAll("\\{[^}]+}", "v1d");
				paths.addAll(List.of(path, path + "/", path + "/extra", path.replace("v1d", "")));
			}
		}
		int found = 0;
		for (String path : paths) {
			for (RequestMethod method : RequestMethod.values()) {
				for (String accept : List.of("application/json", "text/event-stream", "*/*")) {
					String ours = lookUp(shaped, path, method, accept, false);
					String spring = lookUp(shaped, path, method, accept, true);
					assertThat(ours).as(method + " " + path + " (Accept " + accept + ")").isEqualTo(spring);
					found += ours.startsWith("found") ? 1 : 0;
				}
			}
		}
		assertThat(found).as("routes found").isGreaterThan(shaped.getHandlerMethods().size());
	}

	/**
	 * The application has no pattern across segments. With one registered while it runs
	 * (and then removed), next to a pattern of one variable segment under it: a path that
	 * both match goes to the more specific one, as Spring ranks them. A lookup that
	 * missed a candidate falls back to Spring's own, so only a candidate missed while
	 * another is found uniquely would show: here, a shaped mapping indexed under the
	 * wrong number of segments.
	 */
	@Test
	void aPatternAcrossSegmentsAddedWhileRunningIsRankedAsSpringRanksIt() throws Exception {
		ShapedRequestMappings.Mapping shaped = (ShapedRequestMappings.Mapping) this.mapping;
		RequestMappingInfo across = get(shaped, "/across-segments/{*rest}");
		RequestMappingInfo one = get(shaped, "/across-segments/{id}");
		Method handle = Probe.class.getMethod("handle");
		shaped.registerMapping(across, new Probe(), handle);
		shaped.registerMapping(one, new Probe(), handle);
		try {
			Map<String, String> patterns = Map.of("/across-segments", "/across-segments/{*rest}", "/across-segments/a",
					"/across-segments/{id}", "/across-segments/a/b/c/d/e/f/g/h/i/j/k/l/m/n",
					"/across-segments/{*rest}");
			patterns.forEach((path, pattern) -> {
				String ours = lookUp(shaped, path, RequestMethod.GET, "*/*", false);
				assertThat(ours).as(path).isEqualTo(lookUp(shaped, path, RequestMethod.GET, "*/*", true));
				assertThat(ours).as(path).startsWith("found").endsWith(" " + pattern);
			});
		}
		finally {
			shaped.unregisterMapping(across);
			shaped.unregisterMapping(one);
		}
		assertThat(lookUp(shaped, "/across-segments/a", RequestMethod.GET, "*/*", false)).isEqualTo("none");
	}

	private static RequestMappingInfo get(ShapedRequestMappings.Mapping mapping, String pattern) {
		return RequestMappingInfo.paths(pattern)
			.methods(RequestMethod.GET)
			.options(mapping.getBuilderConfiguration())
			.build();
	}

	/** The handler of the mapping registered while the application runs. */
	static class Probe {

		public String handle() {
			return "probe";
		}

	}

	/**
	 * What a lookup decided: the handler with the path's variables and types, or what it
	 * threw.
	 */
	private static String lookUp(ShapedRequestMappings.Mapping mapping, String path, RequestMethod method,
			String accept, boolean springsOwn) {
		MockHttpServletRequest request = new MockHttpServletRequest(method.name(), path);
		request.addHeader("Accept", accept);
		ServletRequestPathUtils.parseAndCache(request);
		String lookupPath = ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value();
		try {
			HandlerMethod handler = springsOwn ? mapping.springsOwnLookup(lookupPath, request)
					: mapping.lookupHandlerMethod(lookupPath, request);
			return (handler == null) ? "none"
					: "found " + handler + " " + request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
							+ " " + request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) + " "
							+ request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		}
		catch (Exception ex) {
			return "threw " + ex.getClass().getName();
		}
	}

}
