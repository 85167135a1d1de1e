package dev.parallax.app.explorer;

import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.app.timeline.TrackTree;
import dev.parallax.trace.TraceSet;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trace explorer: trace sets &gt; ranks &gt; processes &gt; threads, GPU streams, counters and overlay lanes.
 * Expanding or collapsing a node does the same on the timeline; leaves can be pinned to the top of the
 * timeline (context menu or P); double-click scrolls the timeline to a track.
 */
public final class TraceExplorer extends TreeView<TrackNode> {
    private final TimelineView timeline;
    private final Consumer<TraceSet> closeSet;
    private final Map<TrackNode, TreeItem<TrackNode>> items = new IdentityHashMap<>();
    private List<TrackNode> shownRoots = List.of();
    private boolean syncing;

    public TraceExplorer(TimelineView timeline, Consumer<TraceSet> closeSet) {
        super(new TreeItem<>());
        this.timeline = timeline;
        this.closeSet = closeSet;
        setShowRoot(false);
        getStyleClass().add("trace-explorer");
        setId("trace-explorer");
        setCellFactory(v -> new NodeCell());
        timeline.addTreeListener(this::sync);
        setOnKeyPressed(e -> {
            TreeItem<TrackNode> sel = getSelectionModel().getSelectedItem();
            if (sel != null && e.getCode() == KeyCode.P && !sel.getValue().isGroup()) {
                togglePin(sel.getValue());
                e.consume();
            }
        });
        // a click (or arrow keys) on a track scrolls the timeline to it and highlights it there
        getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncing && b != null && b.getValue() != null) {
                timeline.highlight(b.getValue());
            }
        });
        setOnMouseClicked(e -> {
            TreeItem<TrackNode> sel = getSelectionModel().getSelectedItem();
            if (sel != null && e.getButton() == MouseButton.PRIMARY) {
                timeline.highlight(sel.getValue());
            }
        });
        sync();
    }

    /** The tree item showing {@code n}, or null. */
    public TreeItem<TrackNode> itemOf(TrackNode n) {
        return items.get(n);
    }

    /** Rebuilds the items when the tree's structure changed, else syncs expansion and pins. */
    public void sync() {
        TrackTree tree = timeline.model().tree();
        if (!tree.roots().equals(shownRoots)) {
            rebuild(tree);
        }
        syncing = true;
        for (Map.Entry<TrackNode, TreeItem<TrackNode>> e : items.entrySet()) {
            if (e.getKey().isGroup()) {
                e.getValue().setExpanded(!tree.isCollapsed(e.getKey()));
            }
        }
        syncing = false;
        refresh();
    }

    private void rebuild(TrackTree tree) {
        items.clear();
        getRoot().getChildren().clear();
        for (TrackNode r : tree.roots()) {
            getRoot().getChildren().add(item(r));
        }
        shownRoots = new ArrayList<>(tree.roots());
    }

    private TreeItem<TrackNode> item(TrackNode n) {
        TreeItem<TrackNode> it = new TreeItem<>(n);
        items.put(n, it);
        for (TrackNode c : n.children()) {
            it.getChildren().add(item(c));
        }
        if (n.isGroup()) {
            it.setExpanded(!timeline.model().tree().isCollapsed(n));
            it.expandedProperty().addListener((o, a, b) -> {
                if (!syncing) {
                    timeline.setCollapsed(n, !b);
                }
            });
        }
        return it;
    }

    private void togglePin(TrackNode n) {
        timeline.setPinned(n, !timeline.model().tree().isPinned(n));
    }

    private void setAll(TrackNode n, boolean collapsed) {
        if (n.isGroup()) {
            timeline.model().tree().setCollapsed(n, collapsed);
            for (TrackNode c : n.children()) {
                setAll(c, collapsed);
            }
        }
    }

    /** A cell: the label, styled by kind and pin state, with its context menu. */
    private final class NodeCell extends TreeCell<TrackNode> {
        @Override
        protected void updateItem(TrackNode n, boolean empty) {
            super.updateItem(n, empty);
            getStyleClass().removeAll("set-node", "rank-node", "process-node", "track-node", "counter-node",
                    "overlay-node", "pinned");
            if (empty || n == null) {
                setText(null);
                setContextMenu(null);
                return;
            }
            boolean pinned = timeline.model().tree().isPinned(n);
            setText(pinned ? n.label() + "  (pinned)" : n.label());
            getStyleClass().add(switch (n.kind()) {
                case SET -> "set-node";
                case RANK -> "rank-node";
                case PROCESS -> "process-node";
                case COUNTER -> "counter-node";
                case OVERLAY -> "overlay-node";
                default -> "track-node";
            });
            if (pinned) {
                getStyleClass().add("pinned");
            }
            setContextMenu(menuFor(n, pinned));
        }

        private ContextMenu menuFor(TrackNode n, boolean pinned) {
            ContextMenu m = new ContextMenu();
            if (!n.isGroup()) {
                MenuItem pin = new MenuItem(pinned ? "Unpin" : "Pin to top");
                pin.setOnAction(e -> togglePin(n));
                MenuItem show = new MenuItem("Show in timeline");
                show.setOnAction(e -> timeline.scrollToNode(n));
                m.getItems().addAll(pin, show);
            } else {
                MenuItem expand = new MenuItem("Expand all below");
                expand.setOnAction(e -> {
                    setAll(n, false);
                    timeline.relayout();
                });
                MenuItem collapse = new MenuItem("Collapse all below");
                collapse.setOnAction(e -> {
                    setAll(n, true);
                    timeline.relayout();
                });
                m.getItems().addAll(expand, collapse);
                if (n.kind() == TrackNode.Kind.SET) {
                    MenuItem close = new MenuItem("Close");
                    close.setOnAction(e -> closeSet.accept(n.set()));
                    m.getItems().addAll(new SeparatorMenuItem(), close);
                }
            }
            return m;
        }
    }
}
