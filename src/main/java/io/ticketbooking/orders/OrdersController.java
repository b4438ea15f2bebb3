package io.ticketbooking.orders;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.payments.Checkout;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "orders")
@Validated
@RestController
@RequestMapping("/api/v1/orders")
class OrdersController {

	private final OrderService orders;

	OrdersController(OrderService orders) {
		this.orders = orders;
	}

	@Operation(summary = "One of my orders")
	@GetMapping("/{id}")
	Order.View get(Caller caller, @PathVariable UUID id) {
		return this.orders.get(id, caller.id(), caller.admin()).view();
	}

	@Operation(summary = "My orders, newest first")
	@GetMapping
	Page<Order.View> mine(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return this.orders.mine(caller.id(), page, size);
	}

	@Operation(summary = "Cancel a reserved order; its tickets go back on sale")
	@PostMapping("/{id}/cancel")
	Order.View cancel(Caller caller, @PathVariable UUID id) {
		return this.orders.cancel(id, caller.id()).view();
	}

	@Operation(summary = "Start paying a reserved order: a new payment attempt with its checkout URL")
	@PostMapping("/{id}/payment")
	@ResponseStatus(HttpStatus.CREATED)
	Checkout pay(Caller caller, @PathVariable UUID id) {
		return this.orders.pay(id, caller.id());
	}

}
