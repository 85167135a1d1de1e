package dev.parallax.app.costmodel;

import dev.parallax.analysis.Result;
import dev.parallax.analysis.Unit;
import dev.parallax.app.charts.JFreeCharts;
import dev.parallax.app.pipeline.ScheduleDiagram;
import dev.parallax.app.view.ViewContext;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.CatalogException;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.longcontext.LongContextCost;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.longcontext.ServingAssumptions;
import dev.parallax.model.pipeline.PipelineConfig;
import dev.parallax.model.pipeline.PipelineSimulator;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.model.pipeline.ScheduleKind;
import dev.parallax.model.roofline.OperatorCost;
import dev.parallax.model.roofline.RooflineModel;
import dev.parallax.model.roofline.RooflineReport;
import dev.parallax.trace.TraceSet;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.Editors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The Cost Model view: model, hardware, parallelism, context, batch and dtypes in a property sheet (a dropped
 * {@code config.json} becomes a selectable model), with live plots of the long-context bounds against context
 * length (KV size with the HBM limit, concurrency, prefill time, decode latency; log axes), a roofline with the
 * operators of both phases, and the pipeline simulator's schedule diagram. With the opened trace sets, a second
 * mode projects one of them ({@link LongContextPanel}): the same questions answered from the kernels measured.
 * Self-contained: add it to any window or tab.
 */
public class CostModelView extends BorderPane {
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final int SWEEP_POINTS = 48;

    private final Catalog catalog;
    private final List<String> modelIds = new ArrayList<>();
    private final List<ModelArchitecture> droppedModels = new ArrayList<>();

    private final PropertyItem<String> model;
    private final PropertyItem<String> hardware;
    private final PropertyItem<Integer> gpus = intItem("Parallelism", "Tensor-parallel GPUs", "GPUs sharing the model (capacity, FLOP/s and bandwidth scale by n)", 1);
    private final PropertyItem<Integer> context = intItem("Workload", "Context (tokens)", "Tokens per sequence", 32_768);
    private final PropertyItem<Integer> batch = intItem("Workload", "Batch", "Sequences decoded together", 1);
    private final PropertyItem<String> dtype = choiceItem("Workload", "Weight dtype", "Storage format of the weights", "bf16", dtypes());
    private final PropertyItem<String> kvDtype = choiceItem("Workload", "KV dtype", "Storage format of the KV cache", "bf16", dtypes());
    private final PropertyItem<Double> computeEfficiency = doubleItem("Assumptions", "Compute efficiency", "Achievable fraction of peak FLOP/s", 1.0);
    private final PropertyItem<Double> bandwidthEfficiency = doubleItem("Assumptions", "Bandwidth efficiency", "Achievable fraction of HBM bandwidth", 1.0);
    private final PropertyItem<Double> reservedGib = doubleItem("Assumptions", "Reserved HBM per GPU (GiB)", "Activations, runtime, fragmentation", 0.0);
    private final PropertyItem<Double> causalFactor = doubleItem("Assumptions", "Causal factor", "Fraction of the T×T attention computed in prefill", 0.5);
    private final PropertyItem<String> schedule = choiceItem("Pipeline", "Schedule", "Pipeline schedule",
            ScheduleKind.ONE_F_ONE_B.id(), Arrays.stream(ScheduleKind.values()).map(ScheduleKind::id).toList());
    private final PropertyItem<Integer> stages = intItem("Pipeline", "Stages", "Pipeline stages p", 4);
    private final PropertyItem<Integer> microbatches = intItem("Pipeline", "Micro-batches", "Micro-batches m", 8);
    private final PropertyItem<Integer> chunks = intItem("Pipeline", "Chunks", "Model chunks per device (interleaved)", 2);
    private final PropertyItem<Double> tf = doubleItem("Pipeline", "T_F", "Forward time per stage", 1.0);
    private final PropertyItem<Double> tb = doubleItem("Pipeline", "T_B", "Input-gradient time per stage", 1.0);
    private final PropertyItem<Double> tw = doubleItem("Pipeline", "T_W", "Weight-gradient time per stage", 1.0);

    private final XYSeriesCollection kvData = new XYSeriesCollection();
    private final XYSeriesCollection concurrencyData = new XYSeriesCollection();
    private final XYSeriesCollection prefillData = new XYSeriesCollection();
    private final XYSeriesCollection decodeData = new XYSeriesCollection();
    private final XYSeriesCollection rooflineData = new XYSeriesCollection();
    private final List<List<String>> rooflineLabels = new ArrayList<>();
    private final JFreeChart kvChart;
    private final JFreeChart concurrencyChart;
    private final JFreeChart prefillChart;
    private final JFreeChart decodeChart;
    private final JFreeChart rooflineChart;
    private final ScheduleDiagram scheduleDiagram = new ScheduleDiagram();
    private final PropertySheet sheet;
    private final Label status = new Label();

    private final LongContextPanel traces;
    private final TabPane modes;

    /** The Cost Model from the catalog alone. */
    public CostModelView(Catalog catalog) {
        this(catalog, null, null, null);
    }

    /**
     * The Cost Model with a second mode, "From a trace set": the long-context projection of one of
     * {@code openSets} ({@link LongContextPanel}), chosen first when a set is open.
     *
     * @param openSets the opened trace sets, followed as they change; null for the catalog mode alone
     * @param viewContext runs the projection in the background
     * @param record   receives each projection with its set (for the timeline and the report)
     */
    public CostModelView(Catalog catalog, ObservableList<TraceSet> openSets, ViewContext viewContext,
                         BiConsumer<TraceSet, Result> record) {
        this.catalog = catalog;
        modelIds.addAll(catalog.models().keySet());
        List<String> hardwareIds = new ArrayList<>(catalog.hardware().keySet());
        model = choiceItem("Model", "Model", "Catalog model or a dropped config.json",
                modelIds.contains("llama-3.1-8b") ? "llama-3.1-8b" : modelIds.get(0), FXCollections.observableList(modelIds));
        hardware = choiceItem("Hardware", "Hardware", "Catalog device",
                hardwareIds.contains("h100-sxm") ? "h100-sxm" : hardwareIds.get(0), hardwareIds);

        kvChart = logChart("KV cache vs context", "GiB");
        concurrencyChart = logChart("Max concurrency vs context", "sequences");
        prefillChart = logChart("Prefill time vs context", "time");
        decodeChart = logChart("Decode latency per token vs context", "time");
        ((XYPlot) kvChart.getPlot()).setDataset(kvData);
        ((XYPlot) concurrencyChart.getPlot()).setDataset(concurrencyData);
        ((XYPlot) prefillChart.getPlot()).setDataset(prefillData);
        ((XYPlot) decodeChart.getPlot()).setDataset(decodeData);
        rooflineChart = createRooflineChart();

        sheet = new PropertySheet(FXCollections.observableArrayList(model, hardware, gpus, context, batch, dtype, kvDtype,
                computeEfficiency, bandwidthEfficiency, reservedGib, causalFactor, schedule, stages, microbatches, chunks,
                tf, tb, tw));
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        List<String> categoryOrder = List.of("Model", "Hardware", "Parallelism", "Workload", "Assumptions", "Pipeline");
        sheet.setCategoryComparator(java.util.Comparator.comparingInt(categoryOrder::indexOf));
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        DefaultPropertyEditorFactory defaults = new DefaultPropertyEditorFactory();
        sheet.setPropertyEditorFactory(item -> item instanceof PropertyItem<?> p && p.choices() != null
                ? Editors.createChoiceEditor(item, p.choices()) : defaults.call(item));
        sheet.setPrefWidth(300);
        Label hint = new Label("Drop a Hugging Face config.json here to add a model.");
        hint.setWrapText(true);
        status.setWrapText(true);
        VBox left = new VBox(6, sheet, hint, status);
        left.setPadding(new Insets(6));
        left.setPrefWidth(320);
        left.setMaxWidth(360);
        hint.setMaxWidth(340);
        status.setMaxWidth(340);
        VBox.setVgrow(sheet, Priority.ALWAYS);
        BorderPane fromCatalog = new BorderPane();
        fromCatalog.setLeft(left);

        GridPane grid = new GridPane();
        grid.setHgap(4);
        grid.setVgap(4);
        grid.add(viewer(kvChart), 0, 0);
        grid.add(viewer(concurrencyChart), 1, 0);
        grid.add(viewer(prefillChart), 0, 1);
        grid.add(viewer(decodeChart), 1, 1);
        for (var n : grid.getChildren()) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            GridPane.setVgrow(n, Priority.ALWAYS);
        }
        ScrollPane diagramScroll = new ScrollPane(scheduleDiagram);
        diagramScroll.setFitToWidth(true);
        TabPane tabs = new TabPane(new Tab("Long context", grid), new Tab("Roofline", viewer(rooflineChart)),
                new Tab("Pipeline schedule", diagramScroll));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        fromCatalog.setCenter(tabs);
        if (openSets == null) {
            traces = null;
            modes = null;
            setCenter(fromCatalog);
        } else {
            traces = new LongContextPanel(openSets, viewContext, record);
            Tab catalogTab = new Tab("From the catalog", fromCatalog);
            catalogTab.setId("costmodel-catalog");
            Tab traceTab = new Tab("From a trace set", traces);
            traceTab.setId("costmodel-trace");
            modes = new TabPane(catalogTab, traceTab);
            modes.setId("costmodel-modes");
            modes.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            modes.setSide(javafx.geometry.Side.LEFT);
            // project lazily: when the mode is shown (the projection of a large trace takes a moment)
            traces.setActive(false);
            traceTab.selectedProperty().addListener((o, a, b) -> traces.setActive(b));
            setCenter(modes);
            if (!openSets.isEmpty()) {
                modes.getSelectionModel().select(traceTab);
            }
        }

        for (PropertyItem<?> item : List.of(model, hardware, gpus, context, batch, dtype, kvDtype, computeEfficiency,
                bandwidthEfficiency, reservedGib, causalFactor)) {
            item.property().addListener((obs, a, b) -> updateServing());
        }
        for (PropertyItem<?> item : List.of(schedule, stages, microbatches, chunks, tf, tb, tw)) {
            item.property().addListener((obs, a, b) -> updatePipeline());
        }
        setOnDragOver(this::dragOver);
        setOnDragDropped(this::dragDropped);
        updateServing();
        updatePipeline();
    }

    // ---- properties, for code that drives the view (and tests) ----

    public ObjectProperty<String> modelProperty() {
        return model.property();
    }

    public ObjectProperty<String> hardwareProperty() {
        return hardware.property();
    }

    public ObjectProperty<Integer> gpusProperty() {
        return gpus.property();
    }

    public ObjectProperty<Integer> contextProperty() {
        return context.property();
    }

    public ObjectProperty<Integer> batchProperty() {
        return batch.property();
    }

    public ObjectProperty<String> dtypeProperty() {
        return dtype.property();
    }

    public ObjectProperty<String> scheduleProperty() {
        return schedule.property();
    }

    public ObjectProperty<Integer> stagesProperty() {
        return stages.property();
    }

    public ObjectProperty<Integer> microbatchesProperty() {
        return microbatches.property();
    }

    /** The "From a trace set" mode, or null when the view has the catalog mode only. */
    public LongContextPanel traceProjection() {
        return traces;
    }

    /** Shows the "From a trace set" mode with {@code set} chosen (null: the last opened set). */
    public void showTraceSet(TraceSet set) {
        if (modes == null) {
            throw new IllegalStateException("this Cost Model has no trace sets");
        }
        modes.getSelectionModel().select(1);
        traces.choose(set);
    }

    public JFreeChart kvChart() {
        return kvChart;
    }

    public JFreeChart concurrencyChart() {
        return concurrencyChart;
    }

    public JFreeChart prefillChart() {
        return prefillChart;
    }

    public JFreeChart decodeChart() {
        return decodeChart;
    }

    public JFreeChart rooflineChart() {
        return rooflineChart;
    }

    public ScheduleDiagram scheduleDiagram() {
        return scheduleDiagram;
    }

    public PropertySheet propertySheet() {
        return sheet;
    }

    /** Adds a Hugging Face config as a model and selects it. */
    public void addModel(ModelArchitecture architecture) {
        droppedModels.removeIf(m -> m.id().equals(architecture.id()));
        droppedModels.add(architecture);
        if (!modelIds.contains(architecture.id())) {
            modelIds.add(architecture.id());
            sheet.getItems().setAll(new ArrayList<>(sheet.getItems())); // rebuild editors so the new choice shows
        }
        model.property().set(null);
        model.property().set(architecture.id());
    }

    // ---- updates ----

    private ModelArchitecture currentModel() {
        String id = model.getValue();
        for (ModelArchitecture m : droppedModels) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return catalog.model(id);
    }

    private void updateServing() {
        if (model.getValue() == null || hardware.getValue() == null) {
            return;
        }
        try {
            ModelArchitecture m = currentModel();
            Hardware h = catalog.hardware(hardware.getValue());
            ServingAssumptions a = new ServingAssumptions(Math.max(1, gpus.getValue()), Dtype.parse(dtype.getValue()),
                    Dtype.parse(kvDtype.getValue()), computeEfficiency.getValue(), bandwidthEfficiency.getValue(),
                    reservedGib.getValue() * GIB, causalFactor.getValue(), Double.NaN);
            int b = Math.max(1, batch.getValue());
            long t = Math.max(1, context.getValue());
            LongContextModel lc = new LongContextModel(m, h, a);
            long max = Math.max(131_072, m.maxContext());
            List<LongContextCost> sweep = lc.sweep(LongContextModel.logSpacedContexts(256, max, SWEEP_POINTS), b);
            XYSeries kvBatch = new XYSeries("KV cache, batch of " + b);
            XYSeries kvOne = new XYSeries("KV cache, one sequence");
            XYSeries conc = new XYSeries("max concurrency");
            XYSeries prefill = new XYSeries("prefill, batch of " + b);
            XYSeries decode = new XYSeries("decode step, batch of " + b);
            for (LongContextCost c : sweep) {
                kvBatch.add(c.context(), c.kvBytes() * b / GIB);
                kvOne.add(c.context(), c.kvBytes() / GIB);
                if (c.maxConcurrency() > 0) {
                    conc.add(c.context(), (double) c.maxConcurrency());
                }
                prefill.add(c.context(), c.prefillSeconds());
                decode.add(c.context(), c.decodeSecondsPerToken());
            }
            replace(kvData, kvBatch, kvOne);
            replace(concurrencyData, conc);
            replace(prefillData, prefill);
            replace(decodeData, decode);
            double free = lc.kvBudgetBytes();
            XYPlot kvPlot = (XYPlot) kvChart.getPlot();
            kvPlot.clearRangeMarkers();
            if (free > 0) {
                ValueMarker limit = new ValueMarker(free / GIB, Color.RED, new BasicStroke(1.5f));
                limit.setLabel(String.format(Locale.ROOT, "HBM left for KV: %.1f GiB", free / GIB));
                limit.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                limit.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
                kvPlot.addRangeMarker(limit);
            }
            double kvTop = Math.max(kvBatch.getMaxY(), free > 0 ? free / GIB * 1.5 : 0);
            fitRange(kvPlot, kvOne.getMinY() / 1.5, kvTop * 1.2, Unit.NONE);
            fitRange((XYPlot) concurrencyChart.getPlot(), conc.isEmpty() ? 0.5 : conc.getMinY() / 1.5,
                    conc.isEmpty() ? 10 : conc.getMaxY() * 1.5, Unit.NONE);
            fitRange((XYPlot) prefillChart.getPlot(), prefill.getMinY() / 1.2, prefill.getMaxY() * 1.2, Unit.S);
            fitRange((XYPlot) decodeChart.getPlot(), decode.getMinY() / 1.2, decode.getMaxY() * 1.2, Unit.S);
            for (JFreeChart chart : List.of(kvChart, concurrencyChart, prefillChart, decodeChart)) {
                XYPlot p = (XYPlot) chart.getPlot();
                p.clearDomainMarkers();
                ValueMarker now = new ValueMarker(t, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
                p.addDomainMarker(now);
            }
            updateRoofline(new RooflineModel(m, h, a), b, t);
            LongContextCost now = lc.at(t, b);
            status.setText(String.format(Locale.ROOT, "%s on %d × %s at %,d tokens: KV %.2f GiB per sequence, "
                            + "concurrency %d, prefill %.3g s, decode %.3g ms per step.", m.name(), a.tensorParallel(),
                    h.name(), t, now.kvBytes() / GIB, now.maxConcurrency(), now.prefillSeconds(),
                    now.decodeSecondsPerToken() * 1e3));
        } catch (IllegalArgumentException | CatalogException e) {
            status.setText(e.getMessage());
        }
    }

    private void updateRoofline(RooflineModel r, int b, long t) {
        List<RooflineReport> reports = r.bothPhases(b, t);
        double peak = reports.get(0).peakFlops();
        double bw = reports.get(0).bandwidth();
        XYSeries roof = new XYSeries("roof", true, false);
        for (double i = 0.01; i <= 1e5; i *= 1.25) {
            roof.add(i, Math.min(peak, i * bw) / 1e12);
        }
        roof.add(peak / bw, peak / 1e12);
        rooflineLabels.clear();
        rooflineLabels.add(List.of());
        List<XYSeries> series = new ArrayList<>();
        series.add(roof);
        for (RooflineReport rep : reports) {
            XYSeries s = new XYSeries(rep.phase().id() + " operators", false, true);
            List<String> labels = new ArrayList<>();
            for (OperatorCost op : rep.operators()) {
                if (op.flops() > 0 && op.bytes() > 0) {
                    s.add(op.intensity(), op.attainableFlops() / 1e12);
                    labels.add(op.name());
                }
            }
            series.add(s);
            rooflineLabels.add(labels);
        }
        replace(rooflineData, series.toArray(new XYSeries[0]));
        rooflineChart.setTitle(String.format(Locale.ROOT, "Roofline: ridge %.0f FLOP/B, peak %.0f TFLOP/s, %.0f GB/s",
                peak / bw, peak / 1e12, bw / 1e9));
    }

    private void updatePipeline() {
        try {
            ScheduleKind kind = ScheduleKind.parse(schedule.getValue());
            int v = kind == ScheduleKind.INTERLEAVED ? Math.max(1, chunks.getValue()) : 1;
            int p = Math.max(1, stages.getValue());
            int m = Math.max(1, microbatches.getValue());
            PipelineTimeline sim = PipelineSimulator.simulate(kind, PipelineConfig.uniform(p, m, v, tf.getValue(),
                    tb.getValue(), tw.getValue(), 0));
            scheduleDiagram.setTimelines(List.of(sim));
        } catch (IllegalArgumentException | IllegalStateException e) {
            status.setText(e.getMessage());
        }
    }

    // ---- drag and drop of config.json ----

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        boolean ok = false;
        if (e.getDragboard().hasFiles()) {
            for (File f : e.getDragboard().getFiles()) {
                try {
                    addModel(Catalog.readConfigFile(f.isDirectory() ? f.toPath().resolve("config.json") : f.toPath()));
                    status.setText("Added model '" + model.getValue() + "' from " + f);
                    ok = true;
                } catch (CatalogException ex) {
                    status.setText(ex.getMessage());
                }
            }
        }
        e.setDropCompleted(ok);
        e.consume();
    }

    // ---- chart helpers ----

    private static void replace(XYSeriesCollection data, XYSeries... series) {
        data.removeAllSeries();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
    }

    /** A base-10 log axis with one tick per decade. */
    private static LogAxis decades(String label, double smallest) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(smallest);
        a.setTickUnit(new NumberTickUnit(1.0));
        a.setMinorTickCount(9);
        a.setMinorTickMarksVisible(true);
        return a;
    }

    /**
     * Sets a log range axis to [lo, hi]: one labelled tick per decade when the range spans a few decades,
     * otherwise automatic ticks; labels in {@code unit} (seconds as ms/µs), never in E-notation.
     */
    private static void fitRange(XYPlot plot, double lo, double hi, Unit unit) {
        if (!(lo > 0) || !(hi > lo)) {
            return;
        }
        LogAxis axis = (LogAxis) plot.getRangeAxis();
        if (hi / lo >= 30) {
            axis.setTickUnit(new NumberTickUnit(1.0));
        } else {
            axis.setAutoTickUnitSelection(true);
        }
        axis.setNumberFormatOverride(JFreeCharts.tickFormat(unit));
        axis.setRange(lo, hi);
    }

    private static JFreeChart logChart(String title, String rangeLabel) {
        LogAxis x = decades("context (tokens)", 1);
        LogAxis y = decades(rangeLabel, 1e-9);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, renderer);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(13f), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    private JFreeChart createRooflineChart() {
        LogAxis x = decades("arithmetic intensity (FLOP/byte)", 1e-3);
        LogAxis y = decades("attainable TFLOP/s", 1e-6);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer() {
            @Override
            public boolean getItemLineVisible(int series, int item) {
                return series == 0;
            }

            @Override
            public boolean getItemShapeVisible(int series, int item) {
                return series != 0;
            }
        };
        renderer.setSeriesPaint(0, Color.DARK_GRAY);
        renderer.setSeriesPaint(1, new Color(0x4e, 0x79, 0xa7));
        renderer.setSeriesPaint(2, new Color(0xe1, 0x57, 0x59));
        XYToolTipGenerator tips = (dataset, series, item) -> {
            String name = series < rooflineLabels.size() && item < rooflineLabels.get(series).size()
                    ? rooflineLabels.get(series).get(item) : "roof";
            return String.format(Locale.ROOT, "%s: %.3g FLOP/B, %.3g TFLOP/s", name, dataset.getXValue(series, item),
                    dataset.getYValue(series, item));
        };
        renderer.setDefaultToolTipGenerator(tips);
        XYPlot plot = new XYPlot(rooflineData, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Roofline", JFreeChart.DEFAULT_TITLE_FONT.deriveFont(13f), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static ChartViewer viewer(JFreeChart chart) {
        ChartViewer v = new ChartViewer(chart);
        v.setMinSize(200, 160);
        v.setPrefSize(420, 300);
        return v;
    }

    // ---- property items ----

    private static List<String> dtypes() {
        return Arrays.stream(Dtype.values()).map(Dtype::id).toList();
    }

    private static PropertyItem<Integer> intItem(String category, String name, String description, int initial) {
        return new PropertyItem<>(Integer.class, category, name, description, initial, null);
    }

    private static PropertyItem<Double> doubleItem(String category, String name, String description, double initial) {
        return new PropertyItem<>(Double.class, category, name, description, initial, null);
    }

    private static PropertyItem<String> choiceItem(String category, String name, String description, String initial,
                                                   List<String> choices) {
        return new PropertyItem<>(String.class, category, name, description, initial, choices);
    }
}
