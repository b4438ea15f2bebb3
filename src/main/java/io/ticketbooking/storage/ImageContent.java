package io.ticketbooking.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.ticketbooking.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * What an uploaded image really is, decided by its bytes (never by its name or declared
 * type): PNG and JPEG must decode; WebP (the JDK has no decoder) must carry a well-formed
 * RIFF/WEBP header with sane dimensions.
 */
public record ImageContent(String mediaType, String extension) {

	private static final int MAX_SIDE = 10_000;

	/** Decoding is checked at most this many pixels on a side. */
	private static final int PREVIEW_SIDE = 512;

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

	/**
	 * Reads the claimed size from the header first, so an image that claims to be huge is
	 * refused before any pixel memory is allocated, then decodes every pixel subsampled
	 * to a small preview: a broken file still fails, but memory stays bounded.
	 */
	private static void decode(byte[] bytes) {
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) {
				throw new NotAnImage("The image cannot be decoded.");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				int width = reader.getWidth(0);
				int height = reader.getHeight(0);
				if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
					throw new NotAnImage("The image is larger than " + MAX_SIDE + " pixels on a side.");
				}
				ImageReadParam param = reader.getDefaultReadParam();
				int step = Math.max(1, (Math.max(width, height) + PREVIEW_SIDE - 1) / PREVIEW_SIDE);
				param.setSourceSubsampling(step, step, 0, 0);
				if (reader.read(0, param) == null) {
					throw new NotAnImage("The image cannot be decoded.");
				}
			}
			finally {
				reader.dispose();
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
		String chunk = new String(bytes, 12, 4, StandardCharsets.US_ASCII);
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
