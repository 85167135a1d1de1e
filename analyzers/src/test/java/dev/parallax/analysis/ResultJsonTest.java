package dev.parallax.analysis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.trace.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultJsonTest {
    private static JsonNode json(Result r) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            ResultJson.write(r, g);
        }
        return new ObjectMapper().readTree(w.toString());
    }

    @Test
    void keysStayUnitsAndCodesAndGainsAreAdded() throws IOException {
        Table t = new Table.Builder("ranks", "Per rank").column("rank", "Rank").column("idle_us", "Idle", Unit.US)
                .build();
        Result r = Result.builder("idle", "Idle").metric("median_idle_us", 12.5, Unit.US)
                .metric("ranks", 8, Unit.COUNT).table(t)
                .finding(Finding.of("host-bound", Severity.WARNING, "s", "e", "x").at(Location.rank(4))
                        .withGainNs(1500).withDetails(List.of("rank 0", "rank 4")))
                .build();
        JsonNode j = json(r);
        assertThat(j.path("applies").asBoolean()).isTrue();
        assertThat(j.has("reason")).isFalse();
        assertThat(j.path("metrics").path("median_idle_us").asDouble()).isEqualTo(12.5);
        assertThat(j.path("units").path("median_idle_us").asText()).isEqualTo("us");
        assertThat(j.path("units").has("ranks")).isFalse();
        assertThat(j.path("table_units").path("ranks").path("idle_us").asText()).isEqualTo("us");
        JsonNode f = j.path("findings").get(0);
        assertThat(f.path("code").asText()).isEqualTo("host-bound");
        assertThat(f.path("rank").asInt()).isEqualTo(4);
        assertThat(f.path("gain_us").asDouble()).isEqualTo(1.5);
        assertThat(f.path("details")).hasSize(2);
    }

    @Test
    void aResultThatDoesNotApplySaysWhy() throws IOException {
        JsonNode j = json(Result.builder("kvcache", "KV").notApplicable("not a serving trace").build());
        assertThat(j.path("applies").asBoolean()).isFalse();
        assertThat(j.path("reason").asText()).isEqualTo("not a serving trace");
    }
}
