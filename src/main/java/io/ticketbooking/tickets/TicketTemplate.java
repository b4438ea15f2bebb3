package io.ticketbooking.tickets;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * The part of an event's ticket page that every ticket of the event shares, laid out
 * once: the event image (scaled to the size it is printed at and encoded as JPEG once),
 * the event's name, date and time, and venue. Each ticket's document gets it as one form
 * XObject whose content is these bytes, so a ticket only adds what differs: its type,
 * holder, order, QR code, barcode and code.
 *
 * @param layout the event facts it was laid out from; a change of any of them needs a new
 * template
 * @param content the form's content stream (PDF operators, uncompressed)
 * @param image the printed event image as JPEG, or {@code null}
 * @param textTop where the per-ticket lines start, below the shared ones
 */
record TicketTemplate(Layout layout, byte[] content, Jpeg image, float textTop) {

	static final PDRectangle PAGE = PDRectangle.A6;

	static final COSName BOLD = COSName.getPDFName("F1");

	static final COSName REGULAR = COSName.getPDFName("F2");

	static final COSName IMAGE = COSName.getPDFName("Im1");

	/** Printed height of the event image, in points. */
	private static final float IMAGE_HEIGHT = 48;

	/** Pixels per point of the prepared image (216 dpi: sharp in print, small). */
	private static final int IMAGE_SCALE = 3;

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (z)",
			Locale.ENGLISH);

	/** What a ticket page shows of its event. */
	record Layout(String eventName, String venue, Instant startsAt, ZoneId zone, String imageKey) {

		static Layout of(TicketFacts facts) {
			return new Layout(facts.eventName(), facts.venue(), facts.startsAt(), facts.zone(), facts.eventImageKey());
		}

	}

	/** A JPEG image and its size in pixels and in points on the page. */
	record Jpeg(byte[] bytes, int width, int height, float printedWidth, float printedHeight) {
	}

	/**
	 * Lays out the shared part of an event's tickets.
	 * @param imageBytes the event image as uploaded (PNG, JPEG, …), or {@code null}
	 */
	static TicketTemplate lay(Layout layout, byte[] imageBytes) {
		float width = PAGE.getWidth();
		float top = PAGE.getHeight();
		Jpeg image = (imageBytes != null) ? prepare(imageBytes, width - 40) : null;
		try (PDDocument scratch = new PDDocument()) {
			// laid out on a scratch page whose resources carry the names the form's will
			PDPage page = new PDPage(PAGE);
			scratch.addPage(page);
			PDResources resources = resources(scratch, image);
			page.setResources(resources);
			float y = top - 28;
			try (PDPageContentStream content = new PDPageContentStream(scratch, page, AppendMode.OVERWRITE, false)) {
				if (image != null) {
					content.drawImage((PDImageXObject) resources.getXObject(IMAGE), 20,
							top - 20 - image.printedHeight(), image.printedWidth(), image.printedHeight());
					y = top - 20 - image.printedHeight() - 16;
				}
				PDType1Font bold = (PDType1Font) resources.getFont(BOLD);
				PDType1Font regular = (PDType1Font) resources.getFont(REGULAR);
				y = TicketPdf.text(content, bold, 13, 20, y, layout.eventName());
				y = TicketPdf.text(content, regular, 8, 20, y - 2,
						WHEN.format(layout.startsAt().atZone(layout.zone())));
				y = TicketPdf.text(content, regular, 8, 20, y, layout.venue());
			}
			try (InputStream content = page.getContents()) {
				return new TicketTemplate(layout, content.readAllBytes(), image, y);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * This template as a form XObject of {@code document}, with the fonts and image its
	 * content names.
	 */
	PDFormXObject form(PDDocument document) throws IOException {
		PDFormXObject form = new PDFormXObject(document);
		form.setBBox(PAGE);
		form.setResources(resources(document, this.image));
		try (OutputStream out = form.getCOSObject().createOutputStream(COSName.FLATE_DECODE)) {
			out.write(this.content);
		}
		return form;
	}

	/**
	 * The fonts and the image under the names the content uses. One set per document:
	 * PDFBox numbers objects while it saves, so no object may be shared by documents
	 * saved at the same time.
	 */
	private static PDResources resources(PDDocument document, Jpeg image) throws IOException {
		PDResources resources = new PDResources();
		resources.put(BOLD, new PDType1Font(FontName.HELVETICA_BOLD));
		resources.put(REGULAR, new PDType1Font(FontName.HELVETICA));
		if (image != null) {
			resources.put(IMAGE, new PDImageXObject(document, new ByteArrayInputStream(image.bytes()),
					COSName.DCT_DECODE, image.width(), image.height(), 8, PDDeviceRGB.INSTANCE));
		}
		return resources;
	}

	/**
	 * The image scaled to its printed size at {@link #IMAGE_SCALE} pixels per point, on
	 * white (transparency flattened), as JPEG; {@code null} for an image the JDK cannot
	 * decode (WebP): such an event's tickets are printed without it.
	 */
	private static Jpeg prepare(byte[] bytes, float maxWidth) {
		try {
			BufferedImage source = ImageIO.read(new ByteArrayInputStream(bytes));
			if (source == null) {
				return null;
			}
			float printedWidth = Math.min(maxWidth, source.getWidth() * IMAGE_HEIGHT / Math.max(1, source.getHeight()));
			int width = Math.max(1, Math.round(printedWidth * IMAGE_SCALE));
			int height = Math.max(1, Math.round(IMAGE_HEIGHT * IMAGE_SCALE));
			BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
			Graphics2D g = scaled.createGraphics();
			try {
				g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
				g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
				g.setColor(Color.WHITE);
				g.fillRect(0, 0, width, height);
				g.drawImage(source, 0, 0, width, height, null);
			}
			finally {
				g.dispose();
			}
			return new Jpeg(jpeg(scaled), width, height, printedWidth, IMAGE_HEIGHT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] jpeg(BufferedImage image) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
			writer.setOutput(stream);
			ImageWriteParam params = writer.getDefaultWriteParam();
			params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			params.setCompressionQuality(0.9f);
			writer.write(null, new IIOImage(image, null, null), params);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

}
