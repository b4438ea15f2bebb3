package io.ticketbooking.payments;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * The module's facade: starts payment attempts with the configured provider. Outcomes
 * arrive later as signed webhooks and leave the module as {@link PaymentSucceeded} and
 * {@link PaymentFailed}.
 */
@Service
public class Payments {

	private final List<PaymentProvider> providers;

	private final PaymentRepository payments;

	private final RefundRepository refunds;

	private final PaymentsProperties properties;

	private final Clock clock;

	Payments(List<PaymentProvider> providers, PaymentRepository payments, RefundRepository refunds,
			PaymentsProperties properties, Clock clock) {
		this.providers = providers;
		this.payments = payments;
		this.refunds = refunds;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A new attempt (each call is one, so a retry after a failure gets its own id). The
	 * provider is called before anything is stored and outside any transaction.
	 * @param orderId an opaque reference handed back in the outcome events
	 */
	public Checkout start(UUID orderId, long amount, String currency) {
		PaymentProvider provider = this.providers.stream()
			.filter((p) -> p.name().equals(this.properties.provider()))
			.findFirst()
			.orElseThrow(PaymentProblems.PaymentsUnavailable::new);
		UUID paymentId = UUID.randomUUID();
		PaymentProvider.Started started = provider.start(paymentId, orderId, amount, currency);
		this.payments.insert(new PaymentRepository.Payment(paymentId, orderId, provider.name(), started.providerRef(),
				amount, currency, PaymentStatus.PENDING, started.checkoutUrl()), this.clock.instant());
		return new Checkout(paymentId, provider.name(), started.checkoutUrl(), amount, currency);
	}

	/**
	 * What a refund of an order is asked for.
	 *
	 * @param amount minor units; {@code null} for all that is left of the payment
	 * @param reason see {@link Refund#reason()}
	 * @param requestedBy the account that asked, {@code null} when the system did
	 */
	public record RefundRequest(Long amount, String reason, UUID requestedBy) {
	}

	/**
	 * Records a refund of the order's payment, inside the caller's transaction; once it
	 * commits the refund worker carries it out (docs/refunds.md). The refund is
	 * {@link Refund#full() full} when it takes all that is left of the payment.
	 * @throws PaymentProblems.NothingToRefund when the order has no payment left to
	 * refund
	 * @throws PaymentProblems.RefundExceedsPayment when more is asked than is left
	 */
	public Refund refund(UUID orderId, RefundRequest request) {
		PaymentRepository.Payment payment = this.payments.succeededForUpdate(orderId)
			.orElseThrow(PaymentProblems.NothingToRefund::new);
		long left = payment.amount() - this.refunds.committed(payment.id());
		if (left <= 0) {
			throw new PaymentProblems.NothingToRefund();
		}
		long amount = (request.amount() != null) ? request.amount() : left;
		if (amount > left) {
			throw new PaymentProblems.RefundExceedsPayment(left, payment.currency());
		}
		return record(payment, orderId, amount, amount == left, request);
	}

	/**
	 * Refunds all of one payment without ending its order: a second payment for an order
	 * that was paid already. Inside the caller's transaction.
	 */
	public void refundPayment(UUID paymentId, String reason) {
		this.payments.findForUpdate(paymentId)
			.filter((payment) -> payment.status() == PaymentStatus.SUCCEEDED)
			.ifPresent((payment) -> {
				long left = payment.amount() - this.refunds.committed(payment.id());
				if (left > 0) {
					record(payment, payment.orderId(), left, false, new RefundRequest(left, reason, null));
				}
			});
	}

	private Refund record(PaymentRepository.Payment payment, UUID orderId, long amount, boolean full,
			RefundRequest request) {
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.refunds.insert(new RefundRepository.NewRefund(id, payment.id(), orderId, amount, payment.currency(), full,
				request.reason(), request.requestedBy()), now);
		// what was just inserted, without reading it back
		return new Refund(id, orderId, amount, payment.currency(), full, request.reason(), RefundStatus.PENDING, 0,
				false, null, now, null);
	}

	/** The order's refunds, oldest first. */
	public List<Refund> refundsOf(UUID orderId) {
		return this.refunds.ofOrder(orderId);
	}

	/**
	 * Makes the order's refunds that were given up on due again; answers how many.
	 */
	public int retryRefunds(UUID orderId) {
		return this.refunds.retryGivenUp(orderId, this.clock.instant());
	}

}
