package io.ticketbooking.config;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.lettuce.core.RedisException;
import io.ticketbooking.shared.ProblemException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem with a stable {@code code}: domain
 * problems, validation (422 with field errors), unreadable bodies, wrong types and
 * unknown routes. Anything unexpected is a 500 without internals; its details go to the
 * log with the request id.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** PostgreSQL's SQLSTATE of a foreign key that points at no row. */
	private static final String FOREIGN_KEY_VIOLATION = "23503";

	/**
	 * The foreign keys to {@code users} (the schema's {@code user_id} and
	 * {@code organizer_id} columns), by constraint name: the name is in the message
	 * whatever language the server answers in, unlike its text.
	 */
	private static final Pattern TO_AN_ACCOUNT = Pattern.compile("\"\\w+_(user|organizer)_id_fkey\"");

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> problem(ProblemException ex) {
		ProblemDetail problem = Problems.of(ex);
		HttpHeaders headers = new HttpHeaders();
		ex.headers().forEach(headers::add);
		return ResponseEntity.status(ex.status()).headers(headers).body(problem);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
		List<Map<String, String>> errors = ex.getConstraintViolations()
			.stream()
			.map((v) -> fieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
			.toList();
		return validationFailed(errors);
	}

	@ExceptionHandler({ AccessDeniedException.class, AuthorizationDeniedException.class })
	ResponseEntity<ProblemDetail> accessDenied(RuntimeException ex) {
		return answer(HttpStatus.FORBIDDEN, "FORBIDDEN", "You may not do this.");
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException ex) {
		return answer(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "Authentication is required.");
	}

	/**
	 * PostgreSQL, Redis or the broker is unreachable or restarting (a connection died in
	 * the middle of a transaction: {@link TransactionSystemException}), or a transaction
	 * ran past its bound ({@link TransactionTimedOutException}: the reserve path's claim,
	 * which then gives its admission back). No success was answered, so the client may
	 * simply retry; the reserve path gives its units back.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class, TransactionSystemException.class,
			TransactionTimedOutException.class, AmqpConnectException.class })
	ResponseEntity<ProblemDetail> unavailable(Exception ex) {
		log.warn("A backing service is unavailable: {}", ex.toString());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
					"A backing service is briefly unavailable; nothing was changed. Retry in a moment."));
	}

	/**
	 * A Redis command failed: a 503 when Redis was unavailable (a node killed, a failover
	 * under way, a lost connection; {@link RedisFailures}), a 500 for anything else.
	 */
	@ExceptionHandler({ RedisException.class, RedisSystemException.class })
	ResponseEntity<ProblemDetail> redisFailed(RuntimeException ex) {
		return RedisFailures.unavailable(ex) ? unavailable(ex) : unexpected(ex);
	}

	/**
	 * A value the database cannot hold (SQLSTATE class 22: a NUL character in text, a
	 * number or date out of its range) came from the request: a 422, not a 500. The
	 * statement failed, so its transaction stored nothing.
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> unstorable(DataIntegrityViolationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
				return answer(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_VALUE",
						"A value in the request cannot be stored (for example a NUL character).");
			}
			if (cause instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())
					&& TO_AN_ACCOUNT.matcher(String.valueOf(sql.getMessage())).find()) {
				// a validly signed token whose account is gone (deleted, or a database
				// restored from before it existed): the caller is nobody we know
				return answer(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "The account of this token does not exist.");
			}
		}
		return unexpected(ex);
	}

	/**
	 * A multipart body that cannot be parsed (no boundary, a NUL in a file name, ...).
	 */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> malformedMultipart(MultipartException ex) {
		return answer(HttpStatus.BAD_REQUEST, "MALFORMED_MULTIPART", "The multipart body cannot be parsed.");
	}

	/**
	 * The firewall refuses a header value only when it is read (a control character in an
	 * {@code Idempotency-Key}, say): the client's fault, a 400.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<ProblemDetail> rejected(RequestRejectedException ex) {
		return answer(HttpStatus.BAD_REQUEST, "BAD_REQUEST", "The request has a value that is not allowed.");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return answer(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
				"Something went wrong on our side; the request id identifies it in our logs.");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map((e) -> fieldError((e instanceof FieldError fe) ? fe.getField() : e.getObjectName(),
					e.getDefaultMessage()))
			.toList();
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(validationFailed(errors).getBody());
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((r) -> r.getResolvableErrors()
				.stream()
				.map((e) -> fieldError(r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
			.toList();
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(validationFailed(errors).getBody());
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail pd) ? pd
				: ProblemDetail.forStatusAndDetail(statusCode, statusCode.toString());
		Problems.withCode(problem, codeFor(ex, statusCode));
		if (ex instanceof HttpMessageNotReadableException) {
			problem.setDetail("The request body is missing or is not valid JSON of the expected shape.");
		}
		return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
	}

	private static String codeFor(Exception ex, HttpStatusCode status) {
		return switch (ex) {
			case HttpMessageNotReadableException e -> "MALFORMED_BODY";
			case TypeMismatchException e -> "INVALID_PARAMETER";
			case MissingServletRequestParameterException e -> "MISSING_PARAMETER";
			case MaxUploadSizeExceededException e -> "PAYLOAD_TOO_LARGE";
			case HttpMediaTypeNotSupportedException e -> "UNSUPPORTED_MEDIA_TYPE";
			case MissingServletRequestPartException e -> "MISSING_PART";
			case MultipartException e -> "MALFORMED_MULTIPART";
			default -> Problems.codeFor(status);
		};
	}

	private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String code, String detail) {
		return ResponseEntity.status(status).body(Problems.of(status, code, detail));
	}

	private static ResponseEntity<ProblemDetail> validationFailed(List<Map<String, String>> errors) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "VALIDATION_FAILED",
				"The request has invalid fields.");
		problem.setProperty("errors", errors);
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
	}

	private static Map<String, String> fieldError(String field, String message) {
		return Map.of("field", (field != null) ? field : "", "message", (message != null) ? message : "is invalid");
	}

	private static String leaf(String path) {
		int dot = path.lastIndexOf('.');
		return (dot >= 0) ? path.substring(dot + 1) : path;
	}

}
