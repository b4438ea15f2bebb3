package io.ticketbooking.tickets;

import java.util.Map;

import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.DetectorResult;
import com.google.zxing.qrcode.decoder.Decoder;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.detector.Detector;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

/**
 * Ticket QR codes that a scanner is known to read. For about 1 payload in 1,300, the code
 * drawn with a given mask is one ZXing's detector cannot locate or read, at any
 * resolution; the standard's mask choice (score all eight, keep the lowest penalty, ~0.5
 * ms) does not avoid it. So each code is read back before it is printed: the first mask
 * whose code ZXing detects and decodes to the payload, at 4 pixels per module, is the one
 * printed. That costs ~0.15 ms, and almost always the first mask passes.
 */
final class QrCodes {

	/** Modules of quiet zone around a code (the standard asks for 4). */
	static final int QUIET = 4;

	private static final int CHECK_SCALE = 4;

	private static final String CHARSET = "ISO-8859-1";

	private static final Map<DecodeHintType, Object> DETECT = Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE);

	private static final Map<DecodeHintType, Object> DECODE = Map.of(DecodeHintType.CHARACTER_SET, CHARSET);

	private QrCodes() {
	}

	/** The modules (error correction M) of a code of {@code payload} that reads back. */
	static ByteMatrix readable(String payload) {
		try {
			for (int mask = 0; mask < 8; mask++) {
				ByteMatrix modules = Encoder
					.encode(payload, ErrorCorrectionLevel.M,
							Map.of(EncodeHintType.CHARACTER_SET, CHARSET, EncodeHintType.QR_MASK_PATTERN, mask))
					.getMatrix();
				if (readsBack(modules, payload)) {
					return modules;
				}
			}
			// none read back (never seen): the standard's choice
			return Encoder.encode(payload, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, CHARSET))
				.getMatrix();
		}
		catch (WriterException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether ZXing finds the code drawn at {@link #CHECK_SCALE} and reads the payload.
	 */
	static boolean readsBack(ByteMatrix modules, String payload) {
		int size = modules.getWidth();
		BitMatrix drawn = new BitMatrix((size + 2 * QUIET) * CHECK_SCALE);
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				if (modules.get(x, y) == 1) {
					drawn.setRegion((x + QUIET) * CHECK_SCALE, (y + QUIET) * CHECK_SCALE, CHECK_SCALE, CHECK_SCALE);
				}
			}
		}
		try {
			DetectorResult found = new Detector(drawn).detect(DETECT);
			return payload.equals(new Decoder().decode(found.getBits(), DECODE).getText());
		}
		catch (ReaderException missed) {
			return false;
		}
	}

}
