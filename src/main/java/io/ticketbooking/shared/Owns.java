package io.ticketbooking.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The PostgreSQL tables a module owns, declared on its {@code package-info}. Only the
 * owner's SQL names its tables; other modules ask the owner's API or listen to its
 * events. {@code DataOwnershipTests} holds every module to this, and every table a
 * migration creates to exactly one owner.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface Owns {

	/** Table names, as the migrations create them. */
	String[] tables();

}
