package io.ticketbooking.web;

import java.time.Duration;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Scripts, styles and the vendored QR reader, all from our own origin. Browsers may keep
 * them a few minutes and then revalidate (ETag), so a deploy shows up quickly.
 */
@Configuration(proxyBeanMethods = false)
class WebAssetsConfig implements WebMvcConfigurer {

	/**
	 * Spring Boot registers {@link ResourceUrlEncodingFilter} for Thymeleaf whenever a
	 * webjars locator is on the classpath (springdoc's). Our pages link their assets by
	 * plain paths, and no resource chain rewrites them, so the filter would only wrap
	 * every request: a few per cent of a waiting-room join's CPU (docs/benchmarks.md).
	 */
	@Bean
	FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlEncodingFilter() {
		FilterRegistrationBean<ResourceUrlEncodingFilter> registration = new FilterRegistrationBean<>(
				new ResourceUrlEncodingFilter());
		registration.setEnabled(false);
		return registration;
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(WebFront.ASSETS)
			.addResourceLocations("classpath:/static/assets/")
			.setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic());
	}

}
