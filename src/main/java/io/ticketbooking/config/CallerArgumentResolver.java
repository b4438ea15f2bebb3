package io.ticketbooking.config;

import java.util.UUID;

import io.ticketbooking.shared.Caller;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a handler's {@link Caller} parameter the authenticated user: the id is the
 * verified token's {@code sub}; admin is the {@code ROLE_ADMIN} authority the security
 * chain already made from the token's {@code roles} claim, so nothing is parsed beyond
 * the subject.
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	private static final String ADMIN = "ROLE_ADMIN";

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
			// the routes that take a Caller are authenticated by the chain
			throw new AuthenticationCredentialsNotFoundException("No verified access token");
		}
		return new Caller(UUID.fromString(jwt.getSubject()), isAdmin(authentication));
	}

	private static boolean isAdmin(Authentication authentication) {
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (ADMIN.equals(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
