package io.ticketbooking.web;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Scripts, styles and the vendored QR reader, all from our own origin. Browsers may keep
 * them a few minutes and then revalidate (ETag), so a deploy shows up quickly.
 */
@Configuration(proxyBeanMethods = false)
class WebAssetsConfig implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(WebFront.ASSETS)
			.addResourceLocations("classpath:/static/assets/")
			.setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic());
	}

}
