package io.ticketbooking.tickets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import org.springframework.stereotype.Component;

/**
 * One A6 page per ticket: event, date and time in the event's time zone, venue, ticket
 * type, holder, order reference, the event image if there is one, the signed QR code and
 * a Code 128 barcode of the ticket code. Pure rendering: never called inside a database
 * transaction.
 */
@Component
class TicketPdf {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (z)",
			Locale.ENGLISH);

	private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

	private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

	byte[] render(Ticket ticket, TicketFacts facts, byte[] eventImage) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage(PDRectangle.A6);
			document.addPage(page);
			float width = page.getMediaBox().getWidth();
			float top = page.getMediaBox().getHeight();
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				float y = top - 28;
				if (eventImage != null) {
					PDImageXObject image = PDImageXObject.createFromByteArray(document, eventImage, "event");
					float height = 48;
					float scaled = Math.min(width - 40, image.getWidth() * height / Math.max(1, image.getHeight()));
					content.drawImage(image, 20, top - 20 - height, scaled, height);
					y = top - 20 - height - 16;
				}
				y = text(content, this.bold, 13, 20, y, facts.eventName());
				y = text(content, this.regular, 8, 20, y - 2, WHEN.format(facts.startsAt().atZone(facts.zone())));
				y = text(content, this.regular, 8, 20, y, facts.venue());
				y = text(content, this.bold, 9, 20, y - 4, facts.ticketTypeName(ticket.ticketTypeId()));
				y = text(content, this.regular, 8, 20, y, "Holder: " + ticket.holderName());
				text(content, this.regular, 6, 20, y, "Order " + facts.orderId());

				float qrSize = 150;
				PDImageXObject qr = LosslessFactory.createFromImage(document, qr(ticket.qrPayload()));
				content.drawImage(qr, (width - qrSize) / 2, 78, qrSize, qrSize);
				PDImageXObject barcode = LosslessFactory.createFromImage(document, barcode(ticket.code()));
				content.drawImage(barcode, 30, 32, width - 60, 36);
				text(content, this.bold, 11, centred(ticket.code(), this.bold, 11, width), 18, ticket.code());
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static BufferedImage qr(String payload) {
		try {
			BitMatrix matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 400, 400,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
			return MatrixToImageWriter.toBufferedImage(matrix);
		}
		catch (WriterException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static BufferedImage barcode(String code) {
		BitMatrix matrix = new Code128Writer().encode(code, BarcodeFormat.CODE_128, 600, 90);
		return MatrixToImageWriter.toBufferedImage(matrix);
	}

	private static float text(PDPageContentStream content, PDType1Font font, float size, float x, float y, String text)
			throws IOException {
		content.beginText();
		content.setFont(font, size);
		content.newLineAtOffset(x, y);
		content.showText(printable(text, font));
		content.endText();
		return y - size - 4;
	}

	private static float centred(String text, PDType1Font font, float size, float width) throws IOException {
		return (width - font.getStringWidth(text) / 1000 * size) / 2;
	}

	/**
	 * The standard fonts cover WinAnsi only; anything else becomes '?' instead of
	 * failing.
	 */
	static String printable(String text, PDType1Font font) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach((cp) -> {
			String ch = new String(Character.toChars(cp));
			try {
				font.encode(ch);
				out.append(ch);
			}
			catch (IOException | IllegalArgumentException ex) {
				out.append('?');
			}
		});
		String result = out.toString();
		return (result.length() > 90) ? result.substring(0, 87) + "..." : result;
	}

}
