package io.ticketbooking.tickets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.Binarizer;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;

import io.ticketbooking.messaging.Queues;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ticket tests share: an event on sale, paid orders, and waiting for their tickets.
 */
abstract class TicketsFixture extends ApplicationFixture {

	@Autowired
	RabbitTemplate rabbit;

	record Sale(String eventId, String eventName, String ticketTypeId) {
	}

	Sale event(Account organizer, boolean withImage) {
		String name = "Tiket Konser " + UUID.randomUUID().toString().substring(0, 6);
		EventsApi events = new EventsApi(http());
		JsonNode event = events.create(organizer.token(), EventRequests.valid(name)).json();
		String id = event.path("id").asString();
		if (withImage) {
			events.uploadImage(organizer.token(), id, Images.png(120, 40));
		}
		return new Sale(id, name, event.path("ticketTypes").path(0).path("id").asString());
	}

	/**
	 * Reserves through the API, marks the order paid, and publishes what the orders
	 * module publishes.
	 */
	String paidOrder(Account buyer, Sale sale, int quantity) {
		String orderId = new OrdersApi(http()).reserved(buyer.token(), sale.eventId(), sale.ticketTypeId(), quantity);
		this.jdbc.sql("update orders set status = 'CONFIRMED' where id = :id::uuid").param("id", orderId).update();
		publish(orderId, buyer, sale, quantity);
		return orderId;
	}

	void publish(String orderId, Account buyer, Sale sale, int quantity) {
		this.rabbit.convertAndSend(Queues.EVENTS_EXCHANGE, "order.confirmed",
				Map.of("orderId", orderId, "userId", buyer.id().toString(), "eventId", sale.eventId(), "ticketTypeId",
						sale.ticketTypeId(), "quantity", quantity));
	}

	JsonNode awaitTickets(Account buyer, String orderId, int count) {
		return new OrdersApi(http()).awaitTickets(buyer.token(), orderId, count);
	}

	/**
	 * What a ticket's PDF holds, read the way a gate or a mail client would: its text,
	 * the QR code and barcode decoded from the rendered page, and the content of its
	 * shared template and image.
	 */
	record Printed(String text, String qr, String barcode, byte[] template, byte[] image) {
	}

	Printed printed(Account buyer, JsonNode ticket) throws IOException {
		Http.Response pdf = http().get(ticket.path("pdfUrl").asString()).bearer(buyer.token()).execute();
		assertThat(pdf.status()).isEqualTo(200);
		assertThat(pdf.contentType()).startsWith("application/pdf");
		try (PDDocument document = Loader.loadPDF(pdf.bytes())) {
			String text = new PDFTextStripper().getText(document);
			String qr = decode(document, BarcodeFormat.QR_CODE, false);
			// the barcode lies in the page's bottom fifth, below the QR code
			String barcode = decode(document, BarcodeFormat.CODE_128, true);
			PDResources resources = document.getPage(0).getResources();
			PDFormXObject template = null;
			for (COSName name : resources.getXObjectNames()) {
				if (resources.getXObject(name) instanceof PDFormXObject form) {
					template = form;
				}
			}
			assertThat(template).as("the page draws its event's template").isNotNull();
			byte[] image = null;
			for (COSName name : template.getResources().getXObjectNames()) {
				if (template.getResources().getXObject(name) instanceof PDImageXObject picture) {
					try (InputStream raw = picture.getCOSObject().createRawInputStream()) {
						image = raw.readAllBytes();
					}
				}
			}
			return new Printed(text, qr, barcode, template.getContentStream().toByteArray(), image);
		}
	}

	/**
	 * Decodes the page as a scanner does, frame after frame: rendered at several
	 * resolutions, each binarized two ways, until one reads. On a whole page at 200 dpi
	 * ZXing misses about 1 in 190 of these QR codes (43 of 8,000 random payloads); over
	 * these ten frames it missed none of 8,000. A code that reads in no frame is a
	 * misprint: {@link QrCodes} prints only codes that read back.
	 */
	static String decode(PDDocument document, BarcodeFormat format, boolean bottomFifth) throws IOException {
		PDFRenderer renderer = new PDFRenderer(document);
		for (int dpi : new int[] { 200, 300, 150, 250, 120 }) {
			BufferedImage page = renderer.renderImageWithDPI(0, dpi);
			if (bottomFifth) {
				page = page.getSubimage(0, page.getHeight() * 4 / 5, page.getWidth(), page.getHeight() / 5);
			}
			BufferedImageLuminanceSource source = new BufferedImageLuminanceSource(page);
			for (Binarizer binarizer : List.of(new HybridBinarizer(source), new GlobalHistogramBinarizer(source))) {
				try {
					return new MultiFormatReader()
						.decode(new BinaryBitmap(binarizer), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE,
								DecodeHintType.POSSIBLE_FORMATS, List.of(format)))
						.getText();
				}
				catch (ReaderException missed) {
					// the next frame
				}
			}
		}
		throw new AssertionError("No " + format + " found on the rendered page");
	}

}
