package dev.parallax.analysis.classify;

import java.util.regex.Pattern;

/** Tells the collective type of a communication event from its name (first matching rule wins). */
public record CollectiveRule(CollectiveType type, Pattern name) {
    public boolean matches(String eventName) {
        return name.matcher(eventName).find();
    }
}
