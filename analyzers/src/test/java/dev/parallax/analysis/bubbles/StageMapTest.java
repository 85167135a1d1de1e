package dev.parallax.analysis.bubbles;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The user's {@code stage_map}: pipelines in rank order per stage, and messages that name the bad entry. */
class StageMapTest {
    @Test
    void ranksOfOneStageFormThePipelinesInTheOrderGiven() {
        StageMap m = StageMap.parseUser("0=0, 1=0; 2=1 3=1 4:2,5:2");
        assertThat(m.stages()).isEqualTo(3);
        assertThat(m.pipelines()).containsExactly(List.of(0, 2, 4), List.of(1, 3, 5));
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> StageMap.parseUser("0=0,one=1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage_map entry 'one=1'");
        assertThatThrownBy(() -> StageMap.parseUser("0=0,1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage_map entry '1'");
        assertThatThrownBy(() -> StageMap.parseUser("0=0,1=-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1=-1'");
        assertThatThrownBy(() -> StageMap.parseUser("0=0,1=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every stage 0..2");
        assertThatThrownBy(() -> StageMap.parseUser(" , ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage_map is empty");
    }
}
