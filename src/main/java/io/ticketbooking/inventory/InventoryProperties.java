package io.ticketbooking.inventory;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gate's timing. Defaults live in {@code application.yml} (docs/configuration.md).
 *
 * @param lossCheckInterval how often an instance checks that Redis still holds the gate
 * ({@code INVENTORY_LOSS_CHECK_INTERVAL})
 * @param leaseTtl how long an admission may take to commit its claim before the reaper
 * may give its units back ({@code INVENTORY_LEASE_TTL}); the claim transaction is bounded
 * by half of it
 * @param reaperInterval pause between passes of the lease reaper
 * ({@code INVENTORY_REAPER_INTERVAL})
 * @param presaleCodeFailures wrong presale codes one user may try per event in
 * {@code presaleCodeFailurePeriod} ({@code PRESALE_CODE_FAILURES_PER_USER})
 * @param presaleCodeAddressFailures wrong presale codes one client address may try per
 * event in the period ({@code PRESALE_CODE_FAILURES_PER_ADDRESS})
 * @param presaleCodeFailurePeriod over which the wrong tries are counted (refilled
 * evenly; {@code PRESALE_CODE_FAILURE_PERIOD})
 */
@Validated
@ConfigurationProperties("inventory")
record InventoryProperties(@NotNull @DurationMin(millis = 1) Duration lossCheckInterval, @NotNull Duration leaseTtl,
		@NotNull @DurationMin(millis = 1) Duration reaperInterval, @Min(1) int presaleCodeFailures,
		@Min(1) int presaleCodeAddressFailures, @NotNull @DurationMin(seconds = 1) Duration presaleCodeFailurePeriod) {

	InventoryProperties {
		if (leaseTtl != null && leaseTtl.compareTo(Duration.ofSeconds(2)) < 0) {
			throw new IllegalArgumentException("inventory.lease-ttl must be at least 2s (the claim gets half of it)");
		}
	}

	/** The claim transaction's bound: shorter than the lease, in whole seconds. */
	int claimTimeoutSeconds() {
		return (int) Math.max(1, this.leaseTtl.toSeconds() / 2);
	}

}
