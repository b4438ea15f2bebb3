package io.ticketbooking.tickets;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

import io.ticketbooking.orders.OrderStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two payloads, found among random ones, whose QR code ZXing could not read from a
 * printed ticket at any resolution: the first with mask 0, the second with the standard's
 * mask choice.
 */
class QrCodesTests {

	private static final String UNREADABLE_WITH_MASK_0 = "TB1.vSvmv3F0VIyRvS64du8CHvaggaSYooZ1iRqepxDK_oQ.bj6Qxn5p."
			+ "KxHbwLqJxWQs9S1sAodJrqe8CtcJQO5BtFu0NjWbwikQvt012HsxDZMaP8apT26eyuuj1hsD7FYwJsOaQqle_w";

	private static final String UNREADABLE_WITH_THE_STANDARDS_MASK = "TB1.A8HL7CB07g8LPmBv0NiHJEBJoIRHhhm7wSQocWBz1Lo."
			+ "LWd-eK1g.8hSlcTrpz4sQNxe3HFh_RgsxjQ9Kk-05P7EnVaIyVKABFSFQJYsm-Dj3tOudtz_iyFvAwu1aJr5f8Jv4ywXq5w";

	@Test
	void aCodeThatDoesNotReadBackIsDrawnWithAnotherMask() throws WriterException {
		ByteMatrix first = encode(UNREADABLE_WITH_MASK_0, 0);
		assertThat(QrCodes.readsBack(first, UNREADABLE_WITH_MASK_0)).isFalse();

		ByteMatrix printed = QrCodes.readable(UNREADABLE_WITH_MASK_0);
		assertThat(QrCodes.readsBack(printed, UNREADABLE_WITH_MASK_0)).isTrue();
		assertThat(printed.getArray()).isNotEqualTo(first.getArray());
	}

	@Test
	void theStandardsMaskChoiceDoesNotMakeACodeReadable() throws WriterException {
		ByteMatrix standard = Encoder
			.encode(UNREADABLE_WITH_THE_STANDARDS_MASK, ErrorCorrectionLevel.M,
					Map.of(EncodeHintType.CHARACTER_SET, "ISO-8859-1"))
			.getMatrix();
		assertThat(QrCodes.readsBack(standard, UNREADABLE_WITH_THE_STANDARDS_MASK)).isFalse();
		assertThat(QrCodes.readsBack(QrCodes.readable(UNREADABLE_WITH_THE_STANDARDS_MASK),
				UNREADABLE_WITH_THE_STANDARDS_MASK))
			.isTrue();
	}

	@Test
	void aTicketWithEitherPayloadScansFromItsPrintedPage() throws IOException {
		TicketFacts facts = new TicketFacts(UUID.randomUUID(), UUID.randomUUID(), OrderStatus.CONFIRMED,
				UUID.randomUUID(), List.of(new TicketFacts.Line(UUID.randomUUID(), "Standing", 1)), "Ada Lovelace",
				"Readable codes", "Hall 1", Instant.parse("2027-05-01T18:00:00Z"), ZoneId.of("Europe/Berlin"), null);
		TicketTemplate template = TicketTemplate.lay(TicketTemplate.Layout.of(facts), null);
		for (String payload : List.of(UNREADABLE_WITH_MASK_0, UNREADABLE_WITH_THE_STANDARDS_MASK)) {
			Ticket ticket = new Ticket(UUID.randomUUID(), facts.orderId(), facts.eventId(),
					facts.lines().getFirst().ticketTypeId(), facts.userId(), 0, "7K3M9QXR2BHT", facts.holderName(),
					payload, null, TicketStatus.ISSUED, null);
			try (PDDocument pdf = Loader.loadPDF(new TicketPdf().render(ticket, facts, template))) {
				assertThat(TicketsFixture.decode(pdf, BarcodeFormat.QR_CODE, false)).isEqualTo(payload);
			}
		}
	}

	private static ByteMatrix encode(String payload, int mask) throws WriterException {
		return Encoder
			.encode(payload, ErrorCorrectionLevel.M,
					Map.of(EncodeHintType.CHARACTER_SET, "ISO-8859-1", EncodeHintType.QR_MASK_PATTERN, mask))
			.getMatrix();
	}

}
