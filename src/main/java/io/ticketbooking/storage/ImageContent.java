package io.ticketbooking.storage;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import javax.imageio.ImageIO;

import io.ticketbooking.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * What an uploaded image really is, decided by its bytes (never by its name or declared
 * type): PNG and JPEG must decode; WebP (the JDK has no decoder) must carry a well-formed
 * RIFF/WEBP header with sane dimensions.
 */
public record ImageContent(String mediaType, String extension) {

	private static final int MAX_SIDE = 10_000;

	public static ImageContent inspect(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			throw new NotAnImage("The file is empty.");
		}
		if (startsWith(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			decode(bytes);
			return new ImageContent("image/png", "png");
		}
		if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
			decode(bytes);
			return new ImageContent("image/jpeg", "jpg");
		}
		if (bytes.length >= 30 && startsWith(bytes, 'R', 'I', 'F', 'F') && bytes[8] == 'W' && bytes[9] == 'E'
				&& bytes[10] == 'B' && bytes[11] == 'P') {
			checkWebp(bytes);
			return new ImageContent("image/webp", "webp");
		}
		throw new NotAnImage("Only PNG, JPEG and WebP images are accepted.");
	}

	private static void decode(byte[] bytes) {
		try {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
			if (image == null || image.getWidth() > MAX_SIDE || image.getHeight() > MAX_SIDE) {
				throw new NotAnImage("The image cannot be decoded or is too large.");
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof NotAnImage notAnImage) {
				throw notAnImage;
			}
			throw new NotAnImage("The image cannot be decoded.");
		}
	}

	private static void checkWebp(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		long riffSize = Integer.toUnsignedLong(buffer.getInt(4));
		if (riffSize + 8 != bytes.length) {
			throw new NotAnImage("The WebP file is truncated or padded.");
		}
		String chunk = new String(bytes, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
		if (!chunk.equals("VP8 ") && !chunk.equals("VP8L") && !chunk.equals("VP8X")) {
			throw new NotAnImage("The WebP file has no image data.");
		}
	}

	private static boolean startsWith(byte[] bytes, int... prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((bytes[i] & 0xFF) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/** The upload is not an image we accept. */
	public static final class NotAnImage extends ProblemException {

		NotAnImage(String detail) {
			super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_IMAGE", detail);
		}

	}

}
