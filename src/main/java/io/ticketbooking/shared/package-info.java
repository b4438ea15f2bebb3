/**
 * Value types shared by every module; holds no beans.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared")
package io.ticketbooking.shared;
