package dev.parallax.app.analysis;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.trace.Severity;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.stage.Stage;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Renders a result headless (Monocle), sorts a column, and clicks rows, findings and bars. */
@ExtendWith(ApplicationExtension.class)
class ResultViewFxTest {
    private final List<Location> visited = new ArrayList<>();
    private ResultView view;

    static Result sampleResult() {
        Table.Builder t = new Table.Builder("ranks", "Per rank")
                .column("rank", "Rank")
                .column("idle_pct", "Idle", dev.parallax.analysis.Unit.PERCENT)
                .column("note", "Note");
        t.row(Location.range(0, 100, 200), 0, 12.5, "b");
        t.row(Location.range(1, 300, 400), 1, null, "a");
        t.row(Location.range(2, 500, 900), 2, 3.25, "c");
        return Result.builder("demo", "Demo result")
                .metric("ranks", 3, dev.parallax.analysis.Unit.COUNT)
                .metric("median_idle_pct", 7.875, dev.parallax.analysis.Unit.PERCENT)
                .table(t.build())
                .chart(Chart.bars("per_rank", "Idle per rank", Chart.Kind.STACKED_BAR, "Rank", "%",
                        List.of("rank 0", "rank 1", "rank 2"), List.of(
                                new Chart.Series("idle", new double[0], new double[] {12.5, 0, 3.25}),
                                new Chart.Series("busy", new double[0], new double[] {87.5, 100, 96.75}))))
                .finding(Finding.of("note", Severity.INFO, "Just so you know", "explained", "nothing to do"))
                .finding(Finding.of("slow-rank", Severity.WARNING, "Rank 2 is slow", "because", "fix it").at(Location.rank(2)))
                .build();
    }

    @Start
    void start(Stage stage) {
        view = new ResultView(visited::add);
        view.show(sampleResult());
        stage.setScene(new Scene(view, 1000, 700));
        stage.show();
    }

    @Test
    void rendersSummaryChartAndTableTabs() {
        assertThat(view.tabs().getTabs()).extracting(t -> t.getId())
                .containsExactly("tab-summary", "tab-chart-per_rank", "tab-table-ranks");
        CategoryPlot plot = view.chartViews().get(0).jfreeChart().getCategoryPlot();
        CategoryDataset ds = plot.getDataset();
        assertThat(ds.getColumnKeys()).extracting(String::valueOf).containsExactly("rank 0", "rank 1", "rank 2");
        assertThat(ds.getValue("idle", "rank 2").doubleValue()).isEqualTo(3.25);
        assertThat(view.findingsView().getItems()).extracting(Finding::summary)
                .containsExactly("Rank 2 is slow", "Just so you know");
    }

    @Test
    void sortsAColumnByClickingItsHeaderAndClickingARowNavigates(FxRobot robot) {
        robot.interact(() -> view.tabs().getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        ResultTableView table = view.tableView("ranks");
        TableColumn<Integer, ?> idle = table.getColumns().get(1);
        Node header = robot.lookup(".column-header").queryAll().stream()
                .filter(n -> n instanceof TableColumnHeader h && h.getTableColumn() == idle).findFirst().orElseThrow();
        robot.clickOn(header);
        WaitForAsyncUtils.waitForFxEvents();
        // ascending by value, the row without a value last
        assertThat(table.getItems()).containsExactly(2, 0, 1);
        robot.clickOn(header);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems().get(1)).isEqualTo(0);

        robot.interact(() -> table.getSortOrder().clear());
        Node firstRow = robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r && r.getIndex() == 0 && r.getItem() != null)
                .findFirst().orElseThrow();
        Object item = ((TableRow<?>) firstRow).getItem();
        robot.clickOn(firstRow);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(visited).isNotEmpty();
        assertThat(visited.get(visited.size() - 1)).isEqualTo(table.table().location((Integer) item));
    }

    @Test
    void clickingAFindingNavigatesToItsLocation(FxRobot robot) {
        Node cell = robot.lookup(".list-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getItem() != null && c.getIndex() == 0)
                .findFirst().orElseThrow();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(visited).containsExactly(Location.rank(2));
    }

    @Test
    void clickingARankBarNavigatesToThatRank(FxRobot robot) {
        ResultChartView chart = view.chartViews().get(0);
        CategoryDataset ds = chart.jfreeChart().getCategoryPlot().getDataset();
        robot.interact(() -> chart.click(new CategoryItemEntity(new Rectangle(0, 0, 5, 5), "", "", ds, "idle", "rank 1")));
        assertThat(visited).containsExactly(Location.rank(1));
        assertThat(ResultChartView.locationOf("r3 s7")).isEqualTo(Location.rank(3));
        assertThat(ResultChartView.locationOf("gemm")).isNull();
    }

    @Test
    void copiesSelectedRowsAsTsv(FxRobot robot) {
        ResultTableView table = view.tableView("ranks");
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(0);
            table.getSelectionModel().select(2);
        });
        assertThat(table.selectionAsTsv()).isEqualTo("Rank\tIdle (%)\tNote\n0\t12.5\tb\n2\t3.25\tc\n");
        robot.interact(() -> table.getSelectionModel().clearSelection());
        assertThat(table.selectionAsTsv().split("\n")).hasSize(4).contains("1\t\ta");
    }
}
