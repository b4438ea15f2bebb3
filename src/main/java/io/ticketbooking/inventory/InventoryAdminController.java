package io.ticketbooking.inventory;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator's lever: rebuild the Redis gate from Postgres now (ADMIN, see SecurityConfig).
 */
@Tag(name = "admin")
@RestController
class InventoryAdminController {

	private final Reconciler reconciler;

	InventoryAdminController(Reconciler reconciler) {
		this.reconciler = reconciler;
	}

	@Operation(summary = "Rebuild the Redis stock gate from Postgres")
	@PostMapping("/api/v1/admin/inventory/reconcile")
	ResponseEntity<Map<String, Object>> reconcile() {
		boolean rebuilt = this.reconciler.rebuildAll();
		return rebuilt ? ResponseEntity.ok(Map.of("rebuilt", true)) : ResponseEntity.status(HttpStatus.CONFLICT)
			.body(Map.of("rebuilt", false, "reason", "another instance is rebuilding right now"));
	}

}
