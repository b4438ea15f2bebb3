/**
 * Value types shared by every module; holds no beans.
 */
@ApplicationModule(displayName = "Shared")
package io.ticketbooking.shared;

import org.springframework.modulith.ApplicationModule;
