package io.ticketbooking.live;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Writes a stream's rendered frames as they are: a stream write is then the bytes and a
 * flush, with no content negotiation or default headers (which cost more than the write
 * itself, ten thousand times per change). Registered ahead of the default converters; it
 * only ever takes {@link LiveStreams.Frame}.
 */
@Component
class FrameConverter implements HttpMessageConverter<LiveStreams.Frame>, WebMvcConfigurer {

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
		converters.addCustomConverter(this);
	}

	@Override
	public boolean canRead(Class<?> clazz, MediaType mediaType) {
		return false;
	}

	@Override
	public boolean canWrite(Class<?> clazz, MediaType mediaType) {
		return clazz == LiveStreams.Frame.class;
	}

	@Override
	public List<MediaType> getSupportedMediaTypes() {
		return List.of(MediaType.TEXT_EVENT_STREAM);
	}

	@Override
	public LiveStreams.Frame read(Class<? extends LiveStreams.Frame> clazz, HttpInputMessage inputMessage) {
		throw new HttpMessageNotReadableException("Frames are only written", inputMessage);
	}

	@Override
	public void write(LiveStreams.Frame frame, MediaType contentType, HttpOutputMessage outputMessage)
			throws IOException {
		outputMessage.getBody().write(frame.bytes());
	}

}
