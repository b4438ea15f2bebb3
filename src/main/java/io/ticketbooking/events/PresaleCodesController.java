package io.ticketbooking.events;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.CsvWriter;
import jakarta.validation.Valid;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Presale access codes of an event, for its organizer (docs/presale.md). */
@Tag(name = "presale codes")
@RestController
@RequestMapping("/api/v1/events/{id}/presale-codes")
@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
class PresaleCodesController {

	private final PresaleCodes codes;

	PresaleCodesController(PresaleCodes codes) {
		this.codes = codes;
	}

	@Operation(summary = "Make presale codes: one shared code, or a batch of single-use codes",
			description = "Bound to ticket types of the event and a window (startsAt to endsAt, before or into the "
					+ "public sale); a buyer who gives a code in its window may reserve those types before the sale "
					+ "opens. The answer lists the codes; drawn codes can be exported again as CSV, a code the "
					+ "organizer chose is stored hashed and shown only here.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	PresaleCodes.BatchView create(Caller caller, @PathVariable UUID id,
			@Valid @RequestBody PresaleCodes.BatchRequest request) {
		return this.codes.create(caller, id, request);
	}

	@Operation(summary = "The event's presale code batches, with the codes the service drew")
	@GetMapping
	List<PresaleCodes.BatchView> batches(Caller caller, @PathVariable UUID id) {
		return this.codes.batches(caller, id);
	}

	@Operation(summary = "One batch's drawn codes as CSV (code, label, startsAt, endsAt)")
	@GetMapping(path = "/{batchId}/codes.csv", produces = "text/csv")
	ResponseEntity<byte[]> csv(Caller caller, @PathVariable UUID id, @PathVariable UUID batchId) throws IOException {
		PresaleCodes.BatchView batch = this.codes.batch(caller, id, batchId);
		StringWriter text = new StringWriter();
		CsvWriter csv = new CsvWriter(text).header("code", "label", "startsAt", "endsAt");
		for (String code : batch.codes()) {
			csv.row(code, batch.label(), batch.startsAt(), batch.endsAt());
		}
		return ResponseEntity.ok()
			.contentType(CsvWriter.MEDIA_TYPE)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("presale-codes-" + batchId + ".csv").build().toString())
			.body(text.toString().getBytes(StandardCharsets.UTF_8));
	}

}
