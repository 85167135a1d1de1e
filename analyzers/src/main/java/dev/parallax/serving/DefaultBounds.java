package dev.parallax.serving;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.CatalogException;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.longcontext.ServingAssumptions;

import java.nio.file.Path;
import java.util.List;

/**
 * Serving bounds from the model and hardware catalogs (built-in entries plus the user's
 * {@code ~/.parallax/catalog}) through {@link LongContextModel} with its default assumptions (theoretical peak,
 * BF16 weights and KV, nothing reserved) and the given tensor parallelism.
 */
final class DefaultBounds {
    private DefaultBounds() {
    }

    static ServingBoundsResolver resolver() {
        return DefaultBounds::resolve;
    }

    static ServingBounds resolve(String modelId, String hardwareId, int tensorParallel) {
        Catalog catalog;
        CatalogException userCatalogProblem = null;
        try {
            String home = System.getProperty("user.home");
            catalog = Catalog.load(home == null ? null : Path.of(home), List.of());
        } catch (CatalogException e) {
            catalog = Catalog.builtIn();
            userCatalogProblem = e;
        }
        ModelArchitecture model;
        Hardware hardware;
        try {
            model = catalog.model(modelId);
            hardware = catalog.hardware(hardwareId);
        } catch (CatalogException | IllegalArgumentException e) {
            String why = userCatalogProblem == null ? ""
                    : " (the user's catalog was not read: " + userCatalogProblem.getMessage() + ")";
            throw new IllegalArgumentException(e.getMessage() + why, e);
        }
        LongContextModel m = new LongContextModel(model, hardware,
                ServingAssumptions.defaults().withTensorParallel(Math.max(1, tensorParallel)));
        String description = model.id() + " on " + (tensorParallel > 1 ? tensorParallel + "× " : "") + hardware.id();
        return of(m, description);
    }

    /** Serving bounds answered by a long-context model. */
    static ServingBounds of(LongContextModel m, String description) {
        return new ServingBounds() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public double kvBytesPerToken() {
                return m.kvBytesPerToken();
            }

            @Override
            public double weightsBytes() {
                return m.weightsBytes();
            }

            @Override
            public double hbmBytes() {
                return m.hbmBytes();
            }

            @Override
            public long maxConcurrency(long contextTokens) {
                return m.maxConcurrency(contextTokens);
            }

            @Override
            public double prefillSeconds(long contextTokens, int batch) {
                return m.prefillSeconds(contextTokens, batch);
            }

            @Override
            public double decodeStepSeconds(long contextTokens, int batch) {
                return m.decodeSecondsPerToken(contextTokens, batch);
            }
        };
    }
}
