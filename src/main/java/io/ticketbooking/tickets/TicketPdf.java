package io.ticketbooking.tickets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.util.Matrix;

import org.springframework.stereotype.Component;

/**
 * One A6 page per ticket: its event's {@link TicketTemplate} (image, name, date and time
 * in the event's time zone, venue), then the ticket type, holder, order reference, the
 * signed QR code, a Code 128 barcode of the ticket code and the code as text. QR code and
 * barcode are drawn as vector rectangles, one per run of dark modules or bars: sharp at
 * any zoom and far cheaper than encoding bitmaps. Pure rendering: never called inside a
 * database transaction.
 */
@Component
class TicketPdf {

	/** Side of the printed QR code, in points (its quiet zone lies inside). */
	private static final float QR_SIZE = 150;

	/** Modules of quiet zone each side of the barcode (Code 128 asks for 10). */
	private static final int BAR_QUIET = 10;

	byte[] render(Ticket ticket, TicketFacts facts, TicketTemplate template) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream(8192)) {
			PDPage page = new PDPage(TicketTemplate.PAGE);
			document.addPage(page);
			float width = TicketTemplate.PAGE.getWidth();
			PDFormXObject shared = template.form(document);
			PDType1Font bold = (PDType1Font) shared.getResources().getFont(TicketTemplate.BOLD);
			PDType1Font regular = (PDType1Font) shared.getResources().getFont(TicketTemplate.REGULAR);
			try (PDPageContentStream content = new PDPageContentStream(document, page, AppendMode.OVERWRITE, true)) {
				content.drawForm(shared);
				float y = template.textTop();
				y = text(content, bold, 9, 20, y - 4, facts.ticketTypeName(ticket.ticketTypeId()));
				y = text(content, regular, 8, 20, y, "Holder: " + ticket.holderName());
				text(content, regular, 6, 20, y, "Order " + facts.orderId());
				qr(content, ticket.qrPayload(), (width - QR_SIZE) / 2, 78, QR_SIZE);
				barcode(content, ticket.code(), 20, 32, width - 40, 36);
				text(content, bold, 11, centred(ticket.code(), bold, 11, width), 18, ticket.code());
			}
			// no object streams: for a one-page document they save a few hundred bytes
			// and
			// cost a second pass over every object
			document.save(out, CompressParameters.NO_COMPRESSION);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The QR code of {@code payload} (error correction M) in a square of {@code size}.
	 */
	private static void qr(PDPageContentStream content, String payload, float x, float y, float size)
			throws IOException {
		ByteMatrix matrix = QrCodes.readable(payload);
		int modules = matrix.getWidth();
		float module = size / (modules + 2 * QrCodes.QUIET);
		// drawn in module units, so every rectangle is four small integers
		content.saveGraphicsState();
		content.transform(
				new Matrix(module, 0, 0, -module, x + QrCodes.QUIET * module, y + size - QrCodes.QUIET * module));
		for (int row = 0; row < modules; row++) {
			int column = 0;
			while (column < modules) {
				if (matrix.get(column, row) != 1) {
					column++;
					continue;
				}
				int start = column;
				while (column < modules && matrix.get(column, row) == 1) {
					column++;
				}
				content.addRect(start, row, column - start, 1);
			}
		}
		content.fill();
		content.restoreGraphicsState();
	}

	/** A Code 128 barcode of {@code code}, stretched over {@code width}. */
	private static void barcode(PDPageContentStream content, String code, float x, float y, float width, float height)
			throws IOException {
		boolean[] bars = new Code128Writer().encode(code);
		float unit = width / (bars.length + 2 * BAR_QUIET);
		content.saveGraphicsState();
		content.transform(new Matrix(unit, 0, 0, height, x + BAR_QUIET * unit, y));
		int i = 0;
		while (i < bars.length) {
			if (!bars[i]) {
				i++;
				continue;
			}
			int start = i;
			while (i < bars.length && bars[i]) {
				i++;
			}
			content.addRect(start, 0, i - start, 1);
		}
		content.fill();
		content.restoreGraphicsState();
	}

	static float text(PDPageContentStream content, PDType1Font font, float size, float x, float y, String text)
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
