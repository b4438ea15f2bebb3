package io.ticketbooking.shared;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * CSV as spreadsheets read it (RFC 4180, CRLF line ends). Text is always quoted, quotes
 * doubled, and text that starts with a character a spreadsheet would take for a formula
 * ({@code = + - @}, tab, carriage return) gets a leading apostrophe, so a buyer named
 * {@code =HYPERLINK(…)} stays a name. Numbers, times and ids are the service's own and
 * are written as they are.
 */
public final class CsvWriter {

	public static final MediaType MEDIA_TYPE = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final Writer out;

	public CsvWriter(Writer out) {
		this.out = out;
	}

	/**
	 * A CSV download as the response: its headers set (an attachment, never cached), its
	 * body written through a buffer that {@link #flush()} sends on.
	 */
	public static CsvWriter download(HttpServletResponse response, String filename) throws IOException {
		response.setContentType(MEDIA_TYPE.toString());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(filename).build().toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		return new CsvWriter(
				new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 16384));
	}

	/** The header row: column names of the service's own, written as they are. */
	public CsvWriter header(String... names) throws IOException {
		this.out.write(String.join(",", names));
		this.out.write("\r\n");
		return this;
	}

	/**
	 * One row: a {@link String} is text, {@code null} an empty cell, anything else its
	 * {@code toString()}.
	 */
	public CsvWriter row(Object... cells) throws IOException {
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				this.out.write(',');
			}
			Object cell = cells[i];
			if (cell instanceof String text) {
				this.out.write(text(text));
			}
			else if (cell != null) {
				this.out.write(cell.toString());
			}
		}
		this.out.write("\r\n");
		return this;
	}

	public void flush() throws IOException {
		this.out.flush();
	}

	/** A text cell: quoted, quotes doubled, a formula's first character neutralised. */
	public static String text(String value) {
		String text = (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
		return '"' + text.replace("\"", "\"\"") + '"';
	}

}
